package io.lifeboat.activities.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.catalog.BucketOutbox;
import io.lifeboat.activities.catalog.CatalogActivitiesImpl;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.backup.CatalogActivities.RunRecord;
import io.lifeboat.workflows.common.RunStatus;
import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Outcomes as the worker counts them, through the real recording activity and a real catalog: once
 * per run whatever the retries, with bounded labels only (configured names, never an id).
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class RunOutcomesTest {
  @RegisterExtension static final S3ProxyFixture S3 = new S3ProxyFixture();

  private static final Instant STARTED = Instant.parse("2026-12-04T01:00:00Z");
  private static final Instant ENDED = STARTED.plusSeconds(90);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private Catalog catalog;
  private BucketOutbox outbox;
  private CatalogActivitiesImpl activities;

  @BeforeEach
  void start() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
    ObjectStore bucket = S3.store("outcomes-" + System.nanoTime(), "lifeboat", ObjectStore.MIN_PART_SIZE, 1);
    outbox = new BucketOutbox(catalog, bucket);
    activities = new CatalogActivitiesImpl(catalog, new BackupStore(bucket, new ManifestSigner(TestKeys.alice()
        .secretKeys())), outbox, new RunOutcomes(meters, Map.of("orders", "postgres", "files", "files"), catalog));
  }

  @AfterEach
  void stop() {
    outbox.close();
  }

  @Test
  void aRetriedRecordingOfABackupsEndCountsItOnce() {
    catalog.recordBackup(manifest("20261204T010000Z-aaaaaa", 1000, 250), "orders/postgres/x/manifest.json", "00");
    RunRecord running = run("backup:orders", RunType.BACKUP, "orders", "20261204T010000Z-aaaaaa", RunStatus.RUNNING);
    RunRecord completed = ended(running, RunStatus.COMPLETED);

    activities.recordRun(running);
    activities.recordRun(running); // the start, retried after a lost reply
    assertThat(meters.getMeters()).as("nothing has ended yet").isEmpty();
    activities.recordRun(completed);
    activities.recordRun(completed); // the end, retried after a lost reply
    activities.recordRun(running);   // a late duplicate of the start: the catalog keeps the run ended

    assertThat(meters.counter("lifeboat.backups", "target", "orders", "kind", "postgres", "result", "success")
        .count()).isEqualTo(1);
    var duration = meters.timer("lifeboat.backup.duration", "target", "orders", "kind", "postgres", "result",
        "success");
    assertThat(duration.count()).isEqualTo(1);
    assertThat(duration.totalTime(TimeUnit.SECONDS)).as("from the run's start and end").isEqualTo(90);
    assertThat(meters.counter("lifeboat.backup.bytes", "target", "orders", "kind", "postgres", "stage", "raw")
        .count()).isEqualTo(1000);
    assertThat(meters.counter("lifeboat.backup.bytes", "target", "orders", "kind", "postgres", "stage", "stored")
        .count()).isEqualTo(250);
  }

  @Test
  void aFailedBackupIsCountedAsAFailureWithTheKindOfItsConfiguredTargetAndNoBytes() {
    // it has no catalog entry: only the configuration knows its kind, and successes use the same word
    activities.recordRun(ended(run("backup:files", RunType.BACKUP, "files", "20261204T010000Z-bbbbbb",
        RunStatus.RUNNING), RunStatus.FAILED));

    assertThat(meters.counter("lifeboat.backups", "target", "files", "kind", "files", "result", "failure").count())
        .isEqualTo(1);
    assertThat(meters.find("lifeboat.backup.bytes").counters()).isEmpty();
  }

  @Test
  void eachKindOfRunIsCountedUnderItsOwnNameWithBoundedLabels() {
    catalog.recordBackup(manifest("20261204T010000Z-cccccc", 10, 5), "orders/postgres/y/manifest.json", "00");
    // a verification learns its target from the backup; a failure before that still names it
    activities.recordRun(ended(run("verify:20261204T010000Z-cccccc", RunType.VERIFY, null,
        "20261204T010000Z-cccccc", RunStatus.RUNNING), RunStatus.FAILED));
    activities.recordRun(ended(run("restore:orders", RunType.RESTORE, "orders", null, RunStatus.RUNNING),
        RunStatus.COMPLETED));
    activities.recordRun(ended(run("runbook:restore-orders:alert-7f3a", RunType.RUNBOOK, null, null,
        RunStatus.RUNNING), RunStatus.COMPLETED));
    activities.recordRun(ended(new RunRecord("drill-20261204-010000-restore-orders", "r1", RunType.DRILL, null, null,
        RunStatus.RUNNING, STARTED, null, null, null, null, null, "ops", "drill of runbook restore-orders: quarterly",
        null), RunStatus.COMPLETED));
    activities.recordRun(ended(run("drill-20261204-010000-orders", RunType.DRILL, "orders", null, RunStatus.RUNNING),
        RunStatus.FAILED));
    // started by hand with a name the configuration does not declare: not a label of its own
    activities.recordRun(ended(run("backup:typo", RunType.BACKUP, "typo", null, RunStatus.RUNNING),
        RunStatus.FAILED));
    // not outcomes: counted elsewhere (retention deletions) or not at all
    activities.recordRun(ended(run("retention:orders", RunType.RETENTION, "orders", null, RunStatus.RUNNING),
        RunStatus.COMPLETED));

    assertThat(meters.counter("lifeboat.verifications", "target", "orders", "kind", "postgres", "result", "failure")
        .count()).isEqualTo(1);
    assertThat(meters.counter("lifeboat.restores", "target", "orders", "kind", "postgres", "result", "success")
        .count()).isEqualTo(1);
    assertThat(meters.counter("lifeboat.runbook.runs", "runbook", "restore-orders", "result", "success").count())
        .isEqualTo(1);
    assertThat(meters.counter("lifeboat.drills", "drill", "restore-orders", "result", "success").count())
        .isEqualTo(1);
    assertThat(meters.counter("lifeboat.drills", "drill", "orders", "result", "failure").count()).isEqualTo(1);
    assertThat(meters.counter("lifeboat.backups", "target", "unknown", "kind", "unknown", "result", "failure")
        .count()).isEqualTo(1);
    assertThat(meters.find("lifeboat.runbook.duration").timer().count()).isEqualTo(1);

    Set<String> labels = new TreeSet<>();
    Set<String> labelValues = new TreeSet<>();
    for (Meter meter : meters.getMeters()) {
      if (meter instanceof Gauge) {
        continue; // the duration buckets, by bound ("le" in Prometheus)
      }
      meter.getId().getTags().stream().map(Tag::getKey).forEach(labels::add);
      meter.getId().getTags().stream().map(Tag::getValue).forEach(labelValues::add);
    }
    assertThat(labels).containsExactlyInAnyOrder("target", "kind", "result", "runbook", "drill");
    assertThat(labelValues).as("configured names and fixed words only, never an id").containsExactlyInAnyOrder(
        "orders", "postgres", "unknown", "restore-orders", "success", "failure");
    assertThat(meters.getMeters()).extracting(m -> m.getId().getName()).allMatch(name -> !name.contains("retention"));
  }

  /** A restore nobody approved changed nothing: no failure to alert on. A drill's rehearsal counts as the drill. */
  @Test
  void aRestoreEndedAtItsApprovalGateIsNotAFailureAndARehearsalsRestoreIsNotARestore() {
    RunRecord rejected = ended(run("restore:orders", RunType.RESTORE, "orders", null, RunStatus.RUNNING),
        RunStatus.FAILED);
    activities.recordRun(new RunRecord(rejected.workflowId(), rejected.runId(), rejected.type(), rejected.target(),
        null, RunStatus.FAILED, STARTED, ENDED, null, null, null, null, "alice", null, "rejected by bob",
        RunbookWorkflow.APPROVAL_REJECTED));
    activities.recordRun(ended(run("drill-20261204-010000-orders:rehearsal:restore:restore-orders", RunType.RESTORE,
        "orders", null, RunStatus.RUNNING), RunStatus.FAILED));

    assertThat(meters.counter("lifeboat.restores", "target", "orders", "kind", "postgres", "result",
        "not_approved").count()).isEqualTo(1);
    assertThat(meters.find("lifeboat.restores").tag("result", "failure").counters()).isEmpty();
  }

  private static RunRecord run(String workflowId, RunType type, String target, String backupId, RunStatus status) {
    return new RunRecord(workflowId, "r1", type, target, backupId, status, STARTED, null, null, null, null, null,
        "ops", null, null);
  }

  private static RunRecord ended(RunRecord run, RunStatus status) {
    return new RunRecord(run.workflowId(), run.runId(), run.type(), run.target(), run.backupId(), status,
        run.startedAt(), ENDED, null, null, null, null, run.requestedBy(), run.reason(),
        status == RunStatus.FAILED ? "pg_dump: connection refused" : null);
  }

  private static Manifest manifest(String backupId, long rawBytes, long storedBytes) {
    return new Manifest(Manifest.FORMAT_VERSION, backupId, "orders", "pg-dump", "orders", STARTED,
        new Manifest.RecoveryPoint(STARTED, null), Map.of(), rawBytes, storedBytes,
        List.of(new Manifest.StoredObject("dump.zst.pgp", 1, 1, "ab".repeat(32))),
        new Manifest.Encryption("openpgp", List.of("F00D"), "BEEF"), null,
        new Manifest.WorkflowRun("backup:orders", "r1"), Map.of());
  }
}
