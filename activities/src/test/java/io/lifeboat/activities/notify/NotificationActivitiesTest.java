package io.lifeboat.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.config.NotificationRouteConfig;
import io.lifeboat.config.NotificationSeverity;
import io.lifeboat.config.NotificationsConfig;
import io.lifeboat.config.PostgresTargetConfig;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.backup.CatalogActivities.RunRecord;
import io.lifeboat.workflows.common.RunStatus;
import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.lifeboat.workflows.notify.NotificationActivities;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a run's end sends, and where, judged against a real catalog (PostgreSQL): failed runs and
 * RPO breaches to the critical route, slow and unusually sized backups with their numbers to the
 * warning route, routine success nowhere unless routed. The channels here are recorders: each real
 * channel has its own test against a real receiver.
 */
class NotificationActivitiesTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  private final Map<String, RecordingChannel> channels = new LinkedHashMap<>();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private volatile ScratchDiskSpace.Space scratch = new ScratchDiskSpace.Space("scratch", 500, 1000);
  private TestActivityEnvironment environment;
  private Catalog catalog;
  private NotificationActivities activities;

  static final class RecordingChannel implements NotificationChannel {
    final List<NotificationEvent> sent = new CopyOnWriteArrayList<>();
    volatile int failures;

    @Override
    public void send(NotificationEvent event) {
      if (failures > 0) {
        failures--;
        throw new IllegalStateException("the channel's URL answered 503: maintenance");
      }
      sent.add(event);
    }
  }

  @BeforeEach
  void start() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
    channels.put("pager", new RecordingChannel());
    channels.put("chat", new RecordingChannel());
    channels.put("billing-team", new RecordingChannel());
    NotificationsConfig config = new NotificationsConfig();
    config.setReplicationLag(io.dropwizard.util.Duration.hours(2));
    config.setRoutes(List.of(
        route(List.of(NotificationSeverity.CRITICAL), null, "pager", "chat"),
        route(List.of(NotificationSeverity.WARNING), null, "chat"),
        route(List.of(NotificationSeverity.CRITICAL, NotificationSeverity.WARNING, NotificationSeverity.INFO),
            List.of("billing"), "billing-team")));
    PostgresTargetConfig orders = new PostgresTargetConfig();
    orders.setRpo(io.dropwizard.util.Duration.hours(1));
    PostgresTargetConfig billing = new PostgresTargetConfig();
    NotificationsConfig.Anomaly lastThree = new NotificationsConfig.Anomaly();
    lastThree.setHistory(3);
    billing.setAnomaly(lastThree);
    PostgresTargetConfig archive = new PostgresTargetConfig();
    archive.setStorageQuota(io.dropwizard.util.DataSize.gibibytes(100));
    environment = TestActivityEnvironment.newInstance();
    environment.registerActivitiesImplementations(new NotificationActivitiesImpl(config,
        Map.of("orders", orders, "billing", billing, "archive", archive),
        catalog, new ScratchDiskSpace(List.of(Path.of("/scratch")), dir -> Optional.of(scratch)),
        Map.copyOf(channels), metrics, Clock.fixed(NOW, ZoneOffset.UTC), "host-1"));
    activities = environment.newActivityStub(NotificationActivities.class);
  }

  @AfterEach
  void stop() {
    environment.close();
  }

  @Test
  void aFailedBackupOfATargetWithoutBackupsPagesItsFailureAndItsRpoBreach() {
    activities.notifyRunEnded(run("r1", null, RunStatus.FAILED, NOW.minusSeconds(30), "pg_dump: connection refused"),
        List.of());

    assertThat(channels.get("pager").sent).extracting(NotificationEvent::name, NotificationEvent::dedupKey)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("backup-failed", "backup-failed:orders:backup:orders/r1"),
            org.assertj.core.groups.Tuple.tuple("rpo-breached", "rpo-breached:orders:none"));
    assertThat(channels.get("pager").sent.get(0).details()).isEqualTo("pg_dump: connection refused");
    assertThat(channels.get("pager").sent.get(1).details())
        .isEqualTo("The target's RPO is 3600 s and it has no successful backup.");
    assertThat(channels.get("chat").sent).hasSize(2);
    assertThat(channels.get("billing-team").sent).as("a route for another target").isEmpty();
    assertThat(metrics.get("lifeboat.notifications").tags("channel", "pager", "severity", "critical",
        "result", "success").counter().count()).isEqualTo(2);
  }

  @Test
  void aSlowAndShrunkBackupIsAWarningWithTheNumbersAndRoutineSuccessGoesNowhere() {
    for (int i = 1; i <= 5; i++) {
      Instant started = NOW.minus(Duration.ofMinutes(50 - i));
      backupInCatalog("b" + i, started, Duration.ofSeconds(60 + i), 1_000_000 + i * 1000L, 250_000);
    }
    Instant started = NOW.minusSeconds(300);
    backupInCatalog("b6", started, Duration.ofSeconds(200), 1_200, 400);

    activities.notifyRunEnded(run("run-b6", "b6", RunStatus.COMPLETED, started, started.plusSeconds(200), null),
        List.of());

    assertThat(channels.get("pager").sent).isEmpty();
    assertThat(channels.get("chat").sent).extracting(NotificationEvent::name)
        .containsExactly("backup-slow", "backup-size-anomaly");
    assertThat(channels.get("chat").sent.get(0).details()).isEqualTo("It took 200.0 s, more than the limit of"
        + " 126.0 s (median 63.0 s, median absolute deviation 1.0 s of the last 5 backups).");
    assertThat(channels.get("chat").sent.get(1).details()).isEqualTo("Its raw size 1200 bytes is much smaller than"
        + " usual: 0.00 × the median of 1003000 bytes of the last 5 backups (usual: half to twice the median);"
        + " its stored size 400 bytes is much smaller than usual: 0.00 × the median of 250000 bytes of the last 5"
        + " backups (usual: half to twice the median). Check the source (a broken export, or data encrypted by"
        + " ransomware) before relying on it.");
    assertThat(channels.get("chat").sent.get(0).dedupKey()).isEqualTo("backup-slow:orders:backup:orders/run-b6");
  }

  @Test
  void anUnexpectedlyModifiedConfigurationTreeIsAWarning() {
    Instant started = NOW.minusSeconds(60);
    backupInCatalog("c1", started, Duration.ofSeconds(5), 10_000, 2_000);

    activities.notifyRunEnded(run("run-c1", "c1", RunStatus.COMPLETED, started, null),
        List.of("unexpected modification since the previous backup of 1 file: app/database.yml"));

    assertThat(channels.get("chat").sent).singleElement().satisfies(event -> {
      assertThat(event.name()).isEqualTo("config-changed");
      assertThat(event.severity()).isEqualTo(NotificationSeverity.WARNING);
      assertThat(event.details()).startsWith("Backup c1 found an unexpected modification since the previous backup"
          + " of 1 file: app/database.yml.");
    });
  }

  @Test
  void aRetrySendsOnlyToTheChannelsThatDidNotTakeTheEventYet() {
    channels.get("chat").failures = 1;
    RunRecord failed = run("r2", null, RunStatus.FAILED, NOW.minusSeconds(30), "no route to host");

    Throwable first = catchThrowable(() -> activities.notifyRunEnded(failed, List.of()));

    assertThat(first).hasStackTraceContaining("notifications not delivered to chat (backup-failed);"
        + " the worker's log says why; retrying");
    assertThat(channels.get("pager").sent).hasSize(2);
    assertThat(channels.get("chat").sent).extracting(NotificationEvent::name).containsExactly("rpo-breached");
    assertThat(catalog.notificationFailures(NOW.minusSeconds(60), 10)).singleElement().satisfies(f -> {
      assertThat(f.channel()).isEqualTo("chat");
      assertThat(f.event()).isEqualTo("backup-failed");
      assertThat(f.target()).isEqualTo("orders");
      assertThat(f.attempts()).isEqualTo(1);
      assertThat(f.error()).isEqualTo("the channel's URL answered 503: maintenance");
    });
    // the next attempt starts from the details the first one heartbeat
    environment.setHeartbeatDetails(new String[] {"pager backup-failed:orders:backup:orders/r2",
        "pager rpo-breached:orders:none", "chat rpo-breached:orders:none"});

    activities.notifyRunEnded(failed, List.of());

    assertThat(channels.get("pager").sent).hasSize(2);
    assertThat(channels.get("chat").sent).extracting(NotificationEvent::name)
        .containsExactly("rpo-breached", "backup-failed");
    assertThat(catalog.notificationFailures(NOW.minusSeconds(60), 10)).as("delivered since").isEmpty();
    assertThat(metrics.get("lifeboat.notifications").tags("channel", "chat", "severity", "critical",
        "result", "failure").counter().count()).isEqualTo(1);
  }

  /** A restore nobody approved changed nothing: worth a word to the team, not a page. */
  @Test
  void aRestoreEndedAtItsApprovalGateIsAWarningNotAPage() {
    RunRecord rejected = new RunRecord("restore:orders", "r6", RunType.RESTORE, "orders", "b1", RunStatus.FAILED,
        NOW.minusSeconds(30), NOW, null, null, null, null, "alice", null,
        "approval: rejected by bob: wrong backup; orders was not changed", RunbookWorkflow.APPROVAL_REJECTED);

    activities.notifyRunEnded(rejected, List.of());

    assertThat(channels.get("pager").sent).isEmpty();
    assertThat(channels.get("chat").sent).extracting(NotificationEvent::name, NotificationEvent::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("restore-not-approved", NotificationSeverity.WARNING));
  }

  @Test
  void aRestoreRehearsedByADrillIsLeftToTheDrillsOwnNotification() {
    RunRecord rehearsed = new RunRecord("drill:orders:1:rehearsal:restore:orders", "r3", RunType.RESTORE, "orders",
        "b1", RunStatus.FAILED, NOW.minusSeconds(30), NOW, null, null, null, null, "drill", null, "scratch full");
    RunRecord real = new RunRecord("restore:orders", "r4", RunType.RESTORE, "orders", "b1", RunStatus.FAILED,
        NOW.minusSeconds(30), NOW, null, null, null, null, "alice", null, "disk full");

    activities.notifyRunEnded(rehearsed, List.of());
    assertThat(channels.get("pager").sent).isEmpty();

    activities.notifyRunEnded(real, List.of());
    assertThat(channels.get("pager").sent).extracting(NotificationEvent::name, NotificationEvent::summary)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("restore-failed", "restore of orders failed"));
  }

  @Test
  void anOffsiteLocationFurtherBehindThanTheThresholdIsAWarningOnceUntilItCatchesUp() {
    backupInCatalog("o1", NOW.minus(Duration.ofHours(5)), Duration.ofSeconds(60), 1000, 500);
    backupInCatalog("o2", NOW.minus(Duration.ofHours(1)), Duration.ofSeconds(60), 1000, 500);
    backupInCatalog("o3", NOW.minusSeconds(600), Duration.ofSeconds(60), 1000, 500);
    copied("o1", "far-away");
    copied("o2", "nearby");
    RunRecord o3 = run("run-o3", "o3", RunStatus.COMPLETED, NOW.minusSeconds(600), NOW.minusSeconds(540), null);

    activities.notifyRunEnded(o3, List.of());

    assertThat(channels.get("chat").sent).singleElement().satisfies(event -> {
      assertThat(event.name()).isEqualTo("replication-lag");
      assertThat(event.summary()).isEqualTo("copies of orders at far-away are 290 min behind");
      assertThat(event.dedupKey()).isEqualTo("replication-lag:orders:far-away:warning:" + NOW.getEpochSecond());
      assertThat(event.details()).contains("the threshold is 7200 s");
      assertThat(event.resolved()).isFalse();
    });

    activities.notifyRunEnded(o3, List.of());
    assertThat(channels.get("chat").sent).as("the same level is not sent again").hasSize(1);

    copied("o3", "far-away");
    activities.notifyRunEnded(o3, List.of());
    assertThat(channels.get("chat").sent).hasSize(2).last().satisfies(event -> {
      assertThat(event.resolved()).isTrue();
      assertThat(event.dedupKey()).isEqualTo("replication-lag:orders:far-away:warning:" + NOW.getEpochSecond());
      assertThat(event.summary()).isEqualTo("copies of orders at far-away are 0 min behind");
    });
    assertThat(catalog.watchCondition("replication-lag:orders:far-away")).as("forgotten once resolved").isEmpty();
  }

  @Test
  void aRestoreStartingWithItsScratchDiskNearlyFullPagesOncePerLevelAndResolvesWhenFreed() {
    RunRecord starting = new RunRecord("restore:orders", "r5", RunType.RESTORE, "orders", "b1", RunStatus.RUNNING,
        NOW, null, null, null, null, null, "alice", null, null);
    activities.notifyRunStarted(starting);
    assertThat(channels.get("pager").sent).as("half free").isEmpty();

    scratch = new ScratchDiskSpace.Space("scratch", 50, 1000);
    activities.notifyRunStarted(starting);
    activities.notifyRunStarted(starting);

    String key = "disk-space-low:host-1:scratch:critical:" + NOW.getEpochSecond();
    assertThat(channels.get("pager").sent).as("once per level").singleElement().satisfies(event -> {
      assertThat(event.name()).isEqualTo("disk-space-low");
      assertThat(event.severity()).isEqualTo(NotificationSeverity.CRITICAL);
      assertThat(event.summary()).isEqualTo("scratch disk of /scratch on host-1 has 5.0% free");
      assertThat(event.dedupKey()).isEqualTo(key);
    });

    scratch = new ScratchDiskSpace.Space("scratch", 400, 1000);
    activities.notifyRunStarted(starting);

    assertThat(channels.get("pager").sent).hasSize(2).last().satisfies(event -> {
      assertThat(event.resolved()).isTrue();
      assertThat(event.dedupKey()).isEqualTo(key);
      assertThat(event.summary()).isEqualTo("scratch disk of /scratch on host-1 has 40.0% free");
    });
  }

  @Test
  void aTargetsOwnHistoryLengthDecidesWhatIsUsual() {
    for (int i = 1; i <= 7; i++) {
      // four old slow backups, then three fast ones: only the last three are usual for billing
      backupInCatalog("billing", "s" + i, NOW.minus(Duration.ofMinutes(60 - i)), Duration.ofSeconds(i <= 4 ? 300 : 60),
          1000, 500);
    }
    Instant started = NOW.minusSeconds(200);
    backupInCatalog("billing", "s8", started, Duration.ofSeconds(130), 1000, 500);
    RunRecord run = new RunRecord("backup:billing", "run-s8", RunType.BACKUP, "billing", "s8", RunStatus.COMPLETED,
        started, started.plusSeconds(130), null, null, null, null, "test", null, null);

    activities.notifyRunEnded(run, List.of());

    assertThat(channels.get("billing-team").sent).extracting(NotificationEvent::name)
        .containsExactly("backup-succeeded", "backup-slow");
    assertThat(channels.get("billing-team").sent.get(1).details()).endsWith("of the last 3 backups).");
  }

  @Test
  void storageAboveItsQuotaIsToldOncePerLevelAndDayWithTheForecast() {
    long gib = 1L << 30;
    Instant today = NOW.minus(Duration.ofHours(2));
    // 80 GiB, then 1 GiB a day: 82 GiB of a 100 GiB quota
    backupInCatalog("archive", "a1", today.minus(Duration.ofDays(2)), Duration.ZERO, gib, 80 * gib);
    backupInCatalog("archive", "a2", today.minus(Duration.ofDays(1)), Duration.ZERO, gib, gib);
    backupInCatalog("archive", "a3", today, Duration.ZERO, gib, gib);

    activities.notifyRunEnded(archiveRun("a3", today), List.of());

    assertThat(storageEvents("pager")).isEmpty();
    assertThat(storageEvents("chat")).singleElement().satisfies(event -> {
      assertThat(event.severity()).isEqualTo(NotificationSeverity.WARNING);
      assertThat(event.summary()).isEqualTo("storage of archive at 82.0% of its quota; full in ~18 days at 1.0 GiB/day");
      assertThat(event.details()).isEqualTo("Its backups take 88046829568 of its storageQuota of 107374182400 bytes"
          + " in the primary bucket (82.0%; warning above 80%, critical above 90%); full in ~18 days at 1.0 GiB/day."
          + " Apply retention now (lifeboat retention archive), tighten the target's retention, or raise its"
          + " storageQuota.");
      assertThat(event.dedupKey()).isEqualTo("storage-quota:archive:warning:2026-12-04");
    });

    backupInCatalog("archive", "a4", NOW.minus(Duration.ofHours(1)), Duration.ZERO, gib, gib);
    activities.notifyRunEnded(archiveRun("a4", NOW.minus(Duration.ofHours(1))), List.of());
    assertThat(storageEvents("chat")).as("83%: still the warning already told today").hasSize(1);

    backupInCatalog("archive", "a5", NOW.minus(Duration.ofMinutes(30)), Duration.ZERO, gib, 8 * gib);
    activities.notifyRunEnded(archiveRun("a5", NOW.minus(Duration.ofMinutes(30))), List.of());
    assertThat(storageEvents("pager")).as("91%: critical, told at once").singleElement().satisfies(event -> {
      assertThat(event.severity()).isEqualTo(NotificationSeverity.CRITICAL);
      assertThat(event.summary()).startsWith("storage of archive at 91.0% of its quota; full in ~");
      assertThat(event.dedupKey()).isEqualTo("storage-quota:archive:critical:2026-12-04");
    });
    assertThat(storageEvents("chat")).hasSize(2);
    assertThat(storageEvents("billing-team")).isEmpty();
  }

  private List<NotificationEvent> storageEvents(String channel) {
    return channels.get(channel).sent.stream().filter(e -> e.name().equals("storage-quota")).toList();
  }

  private static RunRecord archiveRun(String backupId, Instant started) {
    return new RunRecord("backup:archive", "run-" + backupId, RunType.BACKUP, "archive", backupId,
        RunStatus.COMPLETED, started, started, null, null, null, null, "test", null, null);
  }

  private void copied(String backupId, String location) {
    catalog.recordCopy(new io.lifeboat.catalog.CopyEntry(backupId, location, "dr-bucket",
        "orders/pg-dump/" + backupId + "/manifest.json", io.lifeboat.catalog.CopyEntry.Status.COPIED, NOW, NOW, null));
  }

  private void backupInCatalog(String backupId, Instant started, Duration took, long rawBytes, long storedBytes) {
    backupInCatalog("orders", backupId, started, took, rawBytes, storedBytes);
  }

  private void backupInCatalog(String target, String backupId, Instant started, Duration took, long rawBytes,
      long storedBytes) {
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, backupId, target, "pg-dump", target,
        started.plus(took), new Manifest.RecoveryPoint(started, null), Map.of(), rawBytes, storedBytes,
        List.of(new Manifest.StoredObject("dump.zst.pgp", rawBytes, storedBytes, "ab".repeat(32))),
        new Manifest.Encryption("openpgp", List.of("F00D"), "BEEF"), null,
        new Manifest.WorkflowRun("backup:" + target, "run-" + backupId), Map.of());
    catalog.recordBackup(manifest, target + "/pg-dump/" + backupId + "/manifest.json", "cd".repeat(32));
    catalog.recordRun(new RunEntry(RunEntry.runId("backup:" + target, "run-" + backupId), RunEntry.Type.BACKUP,
        target, backupId, RunEntry.Status.COMPLETED, started, started.plus(took), null, null, null, null, "test",
        null, null));
  }

  private static RunRecord run(String runId, String backupId, RunStatus status, Instant started, String error) {
    return run(runId, backupId, status, started, NOW, error);
  }

  private static RunRecord run(String runId, String backupId, RunStatus status, Instant started, Instant ended,
      String error) {
    return new RunRecord("backup:orders", runId, RunType.BACKUP, "orders", backupId, status, started,
        ended, null, null, null, null, "test", null, error);
  }

  private static NotificationRouteConfig route(List<NotificationSeverity> severity, List<String> targets,
      String... channels) {
    NotificationRouteConfig route = new NotificationRouteConfig();
    route.setSeverity(new ArrayList<>(severity));
    route.setTargets(targets);
    route.setChannels(List.of(channels));
    return route;
  }
}
