package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.config.DrillsConfig;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.ScheduleConfig;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.schedules.ScheduleSync;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.tenants.TenantBackupResult;
import io.lifeboat.workflows.tenants.TenantBackupWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
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
 * (a real backup runs), and deleted once no longer configured; a tenant-backup schedule of a
 * PostgreSQL target, triggered, backs up every matching tenant schema.
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
      assertThat(sync.sync(changed, new DrillsConfig()))
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
      assertThat(sync.list(changed, new DrillsConfig()).get(0).runs()).isEqualTo(1);
    }
  }

  @Test
  void aTenantBackupScheduleTriggeredNowBacksUpEachMatchingSchemaOfTheDatabase() throws Exception {
    SharedTemporal.requireRealServer();
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of("saas"), false)) {
      try (Connection db = stack.embedded.postgres().connect("saas"); Statement sql = db.createStatement()) {
        for (String schema : List.of("tenant_a", "tenant_b", "billing")) {
          sql.execute("CREATE SCHEMA " + schema);
          sql.execute("CREATE TABLE " + schema + ".accounts AS SELECT g AS id FROM generate_series(1, 10) g");
        }
      }
      ScheduleConfig tenants = new ScheduleConfig();
      tenants.setName("tenants");
      tenants.setAction(ScheduleConfig.Action.TENANT_BACKUP);
      tenants.setSchemas("tenant_*");
      tenants.setConcurrency(2);
      tenants.setCron("0 1 * * *");
      tenants.setTimeZone("UTC");
      stack.config.getTargets().get("saas").setSchedules(List.of(tenants));
      LifeboatWorker worker = new LifeboatWorker(stack.config, new MetricRegistry());
      worker.start(); // creates the schedule
      try {
        ScheduleSync sync = new ScheduleSync(stack.client(), stack.config.getTemporal().getTaskQueue());
        assertThat(listedOnce(sync, stack.config.getTargets(), 1)).singleElement().satisfies(s -> {
          assertThat(s.scheduleId()).isEqualTo("schedule:saas:tenants");
          assertThat(s.detail()).isEqualTo(
              "tenant-backup of schemas 'tenant_*', 2 at a time at '0 1 * * *' UTC, overlap skip, catch-up 1 hour");
        });

        sync.trigger("schedule:saas:tenants");

        TenantBackupResult result = awaitResult(stack, TenantBackupWorkflow.workflowId("saas", "tenant_*"),
            TenantBackupResult.class);
        assertThat(result.tenants()).extracting(TenantBackupResult.Tenant::schema)
            .containsExactly("tenant_a", "tenant_b");
        for (TenantBackupResult.Tenant tenant : result.tenants()) {
          assertThat(stack.catalog.findBackup(tenant.backupId())).get()
              .extracting(BackupEntry::kind, BackupEntry::schema).containsExactly("pg-schema", tenant.schema());
        }
        assertThat(stack.catalog.listBackups("saas", 10)).as("the tenants' only: not billing, not the whole database")
            .extracting(BackupEntry::schema).containsExactlyInAnyOrder("tenant_a", "tenant_b");
      } finally {
        worker.stop();
      }
    }
  }

  /**
   * The listing once it shows {@code count} schedules: Temporal lists schedules from its visibility
   * store, which follows creations and deletions a moment later.
   */
  private static List<ScheduleSync.Listed> listedOnce(ScheduleSync sync,
      java.util.Map<String, ? extends io.lifeboat.config.TargetConfig> targets, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<ScheduleSync.Listed> listed = sync.list(targets, new DrillsConfig());
    while (listed.size() != count && System.nanoTime() < deadline) {
      Thread.sleep(250);
      listed = sync.list(targets, new DrillsConfig());
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
    awaitResult(stack, BackupWorkflow.workflowId("uploads"), Object.class);
  }

  /** The result of the run the triggered schedule starts as a child under {@code workflowId}. */
  private static <T> T awaitResult(LifeboatStack stack, String workflowId, Class<T> type) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        WorkflowStub run = stack.client().newUntypedWorkflowStub(workflowId);
        return run.getResult(1, TimeUnit.MINUTES, type);
      } catch (io.temporal.client.WorkflowNotFoundException notYet) {
        Thread.sleep(250);
      }
    }
    throw new AssertionError("the triggered schedule started no run " + workflowId);
  }
}
