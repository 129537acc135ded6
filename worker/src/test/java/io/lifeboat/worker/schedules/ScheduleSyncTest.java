package io.lifeboat.worker.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.Duration;
import io.lifeboat.config.DrillsConfig;
import io.lifeboat.config.PostgresTargetConfig;
import io.lifeboat.config.ScheduleConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.schedule.ScheduledRunWorkflowImpl;
import io.lifeboat.workflows.schedule.ScheduledRunWorkflow;
import io.lifeboat.workflows.tenants.TenantBackupRequest;
import io.lifeboat.workflows.tenants.TenantBackupResult;
import io.lifeboat.workflows.tenants.TenantBackupWorkflow;
import io.lifeboat.worker.schedules.ScheduleSync.Mechanism;
import io.lifeboat.worker.schedules.ScheduleSync.Outcome;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Schedules synced into the time-skipping test server, which has no Temporal Schedules: the sync
 * falls back to cron workflows, which fire on time and start backups. The backup workflow is a
 * recording stand-in (its own tests cover what a backup does); the scheduling path is real.
 */
class ScheduleSyncTest {
  private static final String QUEUE = "lifeboat-schedules-test";
  static final List<String> BACKUPS = new CopyOnWriteArrayList<>();
  private static final DrillsConfig NO_DRILLS = new DrillsConfig();

  private TestWorkflowEnvironment env;
  private ScheduleSync sync;

  /** Records each backup it is asked for, with the (skipped) time it ran at. */
  public static class RecordingBackupWorkflow implements BackupWorkflow {
    @Override
    public BackupResult backup(BackupRequest request) {
      Instant at = Instant.ofEpochMilli(Workflow.currentTimeMillis());
      BACKUPS.add(request.target() + " " + request.requestedBy() + " " + request.reason() + " "
          + Workflow.getInfo().getWorkflowId() + " " + at.atZone(ZoneOffset.UTC).getHour() + "h");
      return new BackupResult("b" + BACKUPS.size(), request.target(), "pg-dump", at, 1, 1, "k", 0);
    }

    @Override
    public RunProgress progress() {
      return new RunProgress("BACKUP", "COMPLETED", List.of());
    }
  }

  /** Records each fan-out of tenant backups it is asked for. */
  public static class RecordingTenantBackupWorkflow implements TenantBackupWorkflow {
    @Override
    public TenantBackupResult backupTenants(TenantBackupRequest request) {
      BACKUPS.add("tenants " + request.target() + " " + request.pattern() + " " + request.concurrency() + " "
          + request.requestedBy() + " " + Workflow.getInfo().getWorkflowId());
      return new TenantBackupResult(request.target(), request.pattern(), List.of());
    }

    @Override
    public RunProgress progress() {
      return new RunProgress("TENANT_BACKUP", "COMPLETED", List.of());
    }
  }

  @BeforeEach
  void start() {
    BACKUPS.clear();
    env = TestWorkflowEnvironment.newInstance();
    io.lifeboat.workflows.common.RunAttributes.ALL.forEach(
        key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ScheduledRunWorkflowImpl.class, RecordingBackupWorkflow.class,
        RecordingTenantBackupWorkflow.class);
    env.start();
    sync = new ScheduleSync(env.getWorkflowClient(), QUEUE);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private static Map<String, TargetConfig> targets(String cron) {
    ScheduleConfig nightly = new ScheduleConfig();
    nightly.setName("nightly");
    nightly.setAction(ScheduleConfig.Action.BACKUP);
    nightly.setCron(cron);
    nightly.setTimeZone("UTC");
    nightly.setReason("nightly full");
    nightly.setCatchupWindow(Duration.minutes(30));
    PostgresTargetConfig shop = new PostgresTargetConfig();
    shop.setSchedules(List.of(nightly));
    return Map.of("shop", shop);
  }

  @Test
  void aDailyScheduleFiresEveryDayAtItsTimeAndStartsABackupUnderItsBusinessId() {
    List<Outcome> outcomes = sync.sync(targets("0 2 * * *"), NO_DRILLS);
    assertThat(outcomes).containsExactly(new Outcome(ScheduledRunWorkflow.scheduleId("shop", "nightly"),
        Mechanism.CRON_WORKFLOW, "CREATED",
        "backup at '0 2 * * *' UTC, overlap skip, catch-up 30 minutes (cron workflow '0 2 * * *')"));

    env.sleep(java.time.Duration.ofDays(3));

    assertThat(BACKUPS).hasSizeBetween(3, 4)
        .allMatch(b -> b.equals("shop schedule:nightly nightly full backup:shop 2h"));
  }

  @Test
  void syncIsIdempotentAndAChangedScheduleReplacesTheOldOne() {
    sync.sync(targets("0 2 * * *"), NO_DRILLS);
    List<Outcome> again = sync.sync(targets("0 2 * * *"), NO_DRILLS);
    assertThat(again).extracting(Outcome::change).containsExactly("UNCHANGED");

    env.sleep(java.time.Duration.ofDays(2));
    int daily = BACKUPS.size();
    assertThat(daily).isBetween(2, 3); // one schedule, not two

    List<Outcome> changed = sync.sync(targets("0 */6 * * *"), NO_DRILLS);
    assertThat(changed).extracting(Outcome::change).containsExactly("UPDATED");
    ZonedDateTime before = ZonedDateTime.ofInstant(Instant.ofEpochMilli(env.currentTimeMillis()), ZoneOffset.UTC);
    env.sleep(java.time.Duration.ofDays(1));
    // every six hours from now on, and the daily schedule is gone
    assertThat(BACKUPS.size() - daily).as("backups in the day after %s", before).isBetween(4, 5);
    assertThat(sync.sync(targets("0 */6 * * *"), NO_DRILLS)).extracting(Outcome::change).containsExactly("UNCHANGED");
  }

  @Test
  void aTenantBackupScheduleFiresTheFanOutWithItsPatternAndConcurrency() {
    ScheduleConfig tenants = new ScheduleConfig();
    tenants.setName("tenants");
    tenants.setAction(ScheduleConfig.Action.TENANT_BACKUP);
    tenants.setSchemas("tenant_*");
    tenants.setConcurrency(4);
    tenants.setCron("0 3 * * *");
    tenants.setTimeZone("UTC");
    PostgresTargetConfig saas = new PostgresTargetConfig();
    saas.setSchedules(List.of(tenants));

    assertThat(sync.sync(Map.of("saas", saas), NO_DRILLS)).extracting(Outcome::detail).containsExactly(
        "tenant-backup of schemas 'tenant_*', 4 at a time at '0 3 * * *' UTC, overlap skip, catch-up 1 hour"
            + " (cron workflow '0 3 * * *')");
    env.sleep(java.time.Duration.ofDays(2));

    assertThat(BACKUPS).hasSizeBetween(2, 3)
        .allMatch(b -> b.equals("tenants saas tenant_* 4 schedule:tenants backup:saas:tenants:tenant_*"));
  }

  @Test
  void withoutSchedulesDrillsAreLeftOutWhileTheTargetsSchedulesStillRunAsCronWorkflows() {
    DrillsConfig drills = new DrillsConfig();
    drills.setEnabled(true);

    List<Outcome> outcomes = sync.sync(targets("0 2 * * *"), drills);

    assertThat(ScheduleSync.drills(targets("0 2 * * *"), drills)).extracting(ScheduleSync.WantedDrill::id)
        .containsExactly("schedule:drill:shop");
    assertThat(outcomes).extracting(Outcome::scheduleId, Outcome::mechanism).containsExactly(
        org.assertj.core.groups.Tuple.tuple(ScheduledRunWorkflow.scheduleId("shop", "nightly"), Mechanism.CRON_WORKFLOW));
    env.sleep(java.time.Duration.ofDays(1));
    assertThat(BACKUPS).isNotEmpty();
  }
}
