package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.worker.schedules.ScheduleSync;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration's schedules as Temporal Schedules on the real server: created at the worker's
 * start with their spec and next run times, updated in place (a pause survives), triggered now
 * (a real backup runs), and deleted once no longer configured.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SchedulesEndToEndTest {
  @TempDir Path dir;

  @Test
  void schedulesAreCreatedUpdatedPausedTriggeredAndDeleted() throws Exception {
    SharedTemporal.requireRealServer();
    Path files = Files.createDirectories(dir.resolve("uploads"));
    Files.writeString(files.resolve("invoice.txt"), "invoice 42");
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of(), target(files, """
              - name: nightly
                action: backup
                cron: "0 2 * * *"
                timeZone: Europe/Paris
                overlap: skip
                catchupWindow: 1 hour
              - name: weekly-verify
                action: verify
                cron: "0 5 * * 0"
                timeZone: UTC
        """))) {
      ScheduleSync sync = new ScheduleSync(stack.client(), stack.config.getTemporal().getTaskQueue());

      // created when the worker started
      List<ScheduleSync.Listed> listed = listedOnce(sync, stack.config.getTargets(), 2);
      assertThat(listed).extracting(ScheduleSync.Listed::scheduleId)
          .containsExactly("schedule:uploads:nightly", "schedule:uploads:weekly-verify");
      ScheduleSync.Listed nightly = listed.get(0);
      assertThat(nightly.detail()).isEqualTo("backup at '0 2 * * *' Europe/Paris, overlap skip, catch-up 1 hour");
      assertThat(nightly.nextRuns()).hasSize(3).allSatisfy(at -> assertThat(at).isAfter(Instant.now()));
      assertThat(Duration.between(nightly.nextRuns().get(0), nightly.nextRuns().get(1))).isEqualTo(Duration.ofDays(1));
      assertThat(nightly.nextRuns().get(0).atZone(java.time.ZoneId.of("Europe/Paris")).getHour()).isEqualTo(2);
      assertThat(describe(stack, "schedule:uploads:nightly").getSchedule().getPolicy().getOverlap())
          .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);

      // paused by an operator, then the configuration changes: updated in place, still paused
      sync.pause("schedule:uploads:nightly", "maintenance window");
      rewriteTarget(stack, files, """
              - name: nightly
                action: backup
                cron: "30 3 * * *"
                timeZone: Europe/Paris
        """);
      var changed = LifeboatConfigLoader.load(stack.embedded.configFile()).getTargets();
      assertThat(sync.sync(changed))
          .extracting(ScheduleSync.Outcome::scheduleId, ScheduleSync.Outcome::change)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("schedule:uploads:nightly", "UPDATED"),
              org.assertj.core.groups.Tuple.tuple("schedule:uploads:weekly-verify", "DELETED"));
      listed = listedOnce(sync, changed, 1);
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).nextRuns().get(0).atZone(java.time.ZoneId.of("Europe/Paris")).toLocalTime())
          .isEqualTo(java.time.LocalTime.of(3, 30));
      assertThat(listed.get(0).paused()).isTrue();
      assertThat(listed.get(0).note()).isEqualTo("maintenance window");

      // triggered now: a real backup of the file set runs through the scheduled run
      sync.unpause("schedule:uploads:nightly", "window over");
      sync.trigger("schedule:uploads:nightly");
      awaitBackup(stack);
      assertThat(stack.catalog.listBackups("uploads", 10)).hasSize(1);
      assertThat(sync.list(changed).get(0).runs()).isEqualTo(1);
    }
  }

  /**
   * The listing once it shows {@code count} schedules: Temporal lists schedules from its visibility
   * store, which follows creations and deletions a moment later.
   */
  private static List<ScheduleSync.Listed> listedOnce(ScheduleSync sync,
      java.util.Map<String, ? extends io.lifeboat.config.TargetConfig> targets, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<ScheduleSync.Listed> listed = sync.list(targets);
    while (listed.size() != count && System.nanoTime() < deadline) {
      Thread.sleep(250);
      listed = sync.list(targets);
    }
    return listed;
  }

  private static String target(Path files, String schedules) {
    return """
          uploads:
            kind: files
            paths: [%s]
            rpo: 1h
            rto: 15m
            schedules:
        %s""".formatted(files, schedules);
  }

  private static void rewriteTarget(LifeboatStack stack, Path files, String schedules) throws Exception {
    stack.embedded.declareTargets(List.of(), target(files, schedules));
  }

  private static ScheduleDescription describe(LifeboatStack stack, String id) {
    return ScheduleClient.newInstance(stack.client().getWorkflowServiceStubs(), ScheduleClientOptions.newBuilder()
        .setNamespace(stack.config.getTemporal().getNamespace()).build()).getHandle(id).describe();
  }

  /** The scheduled run starts the target's backup as a child under its business id. */
  private static void awaitBackup(LifeboatStack stack) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        WorkflowStub backup = stack.client().newUntypedWorkflowStub(BackupWorkflow.workflowId("uploads"));
        backup.getResult(1, TimeUnit.MINUTES, Object.class);
        return;
      } catch (io.temporal.client.WorkflowNotFoundException notYet) {
        Thread.sleep(250);
      }
    }
    throw new AssertionError("the triggered schedule started no backup of uploads");
  }
}
