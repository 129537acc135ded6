package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.wal.WalArchive;
import io.lifeboat.activities.wal.WalFileName;
import io.lifeboat.api.TargetStatuses;
import io.lifeboat.api.metrics.ApiMetrics;
import io.lifeboat.api.metrics.BackupAgeGauges;
import io.lifeboat.api.wire.TargetStatus;
import io.lifeboat.config.CopyLocationConfig;
import io.lifeboat.config.StorageConfig;
import io.lifeboat.worker.embedded.EmbeddedS3;
import io.lifeboat.worker.embedded.FreePorts;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.cluster.PointInTimeRequest;
import io.lifeboat.workflows.cluster.PointInTimeRestoreWorkflow;
import io.lifeboat.workflows.cluster.PointInTimeResult;
import io.lifeboat.workflows.cluster.RecoveryTarget;
import io.lifeboat.workflows.replication.CopySyncReport;
import io.lifeboat.workflows.replication.CopySyncRequest;
import io.lifeboat.workflows.replication.CopySyncWorkflow;
import io.lifeboat.workflows.replication.ReplicationWorkflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAL archive goes off-site as it is written, and a point-in-time recovery needs nothing
 * else once the primary bucket is gone. The primary is an S3Proxy of its own (so it can be
 * stopped); the off-site location is a bucket of the embedded stack's S3Proxy. A base backup,
 * rows, a noted time, more rows; once the WAL copier has copied every archived file, the
 * primary is stopped and the cluster recovered to the noted time from the copy alone. A second
 * location with afterEachBackup: false holds nothing, base backup nor WAL, until a sync.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OffsiteWalRecoveryTest {
  @TempDir Path dir;

  @Test
  void withThePrimaryBucketGoneRecoveryReadsBaseBackupAndWalFromTheCopy() throws Exception {
    try (EmbeddedS3 primaryS3 = EmbeddedS3.start(dir.resolve("primary-s3"), FreePorts.any());
        ArchivedCluster stack = ArchivedCluster.start(dir, 0, config -> {
          StorageConfig storage = config.getStorage();
          CopyLocationConfig vault = AutomaticReplicationEndToEndTest.location(storage, "vault", "lifeboat-vault");
          vault.setAfterEachBackup(false);
          storage.setCopies(List.of(AutomaticReplicationEndToEndTest.location(storage, "offsite", "lifeboat-offsite"),
              vault));
          storage.setEndpoint(primaryS3.endpoint());
        })) {
      String target = ArchivedCluster.TARGET;
      stack.cluster.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
      stack.cluster.execute("INSERT INTO orders VALUES (1, 'before the base backup')");
      BackupResult base = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(target))
          .backup(new BackupRequest(target, "test", "tester"));
      stack.temporal.client().newUntypedWorkflowStub(ReplicationWorkflow.workflowId(base.backupId()))
          .getResult(List.class);

      stack.cluster.execute("INSERT INTO orders VALUES (2, 'after the base backup, before the target')");
      Thread.sleep(1_000);
      Instant between = Instant.parse(stack.cluster.query(
          "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
      Thread.sleep(1_000);
      stack.cluster.execute("INSERT INTO orders VALUES (3, 'after the target')");
      WalFileName last = archiveCurrentSegment(stack);

      StorageConfig storage = stack.config.getStorage();
      ObjectStore offsiteStore = store(storage, "lifeboat-offsite");
      WalArchive offsite = archive(offsiteStore);
      ObjectStore vaultStore = store(storage, "lifeboat-vault");
      WalArchive vault = archive(vaultStore);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!names(offsite).containsAll(names(stack.archive)) || !offsite.contains(target, last)) {
        assertThat(System.nanoTime()).as("every archived WAL file copied off-site within 30 s").isLessThan(deadline);
        Thread.sleep(100);
      }
      assertThat(offsite.fetch(target, last)).as("the copy reads back, decrypted and checked")
          .hasValueSatisfying(bytes -> assertThat(bytes).hasSize(16 << 20));
      assertThat(names(vault)).as("afterEachBackup: false: no WAL until a sync").isEmpty();
      assertThat(vaultStore.list(vaultStore.key(""))).as("nor any backup").isEmpty();

      CopySyncRequest sync = new CopySyncRequest("vault", target, "tester");
      CopySyncReport synced = stack.workflow(CopySyncWorkflow.class, CopySyncWorkflow.workflowId(sync)).sync(sync);
      assertThat(synced.lines()).extracting(l -> l.item() + " " + l.outcome()).containsExactly(
          "backup " + base.backupId() + " COPIED", "WAL of " + target + " COPIED");
      assertThat(names(vault)).containsAll(names(stack.archive));
      assertThat(vault.fetch(target, last)).hasValueSatisfying(
          bytes -> assertThat(bytes).isEqualTo(stack.archive.fetch(target, last).orElseThrow()));

      TargetStatus.WalCopyLag lag = awaitRecordedUpToDate(stack);
      assertThat(lag.lagSeconds()).isZero();
      assertThat(lag.error()).isNull();
      ApiMetrics metrics = new ApiMetrics();
      BackupAgeGauges gauges = new BackupAgeGauges(statuses(stack), stack.config.getTargets().keySet(),
          storage.getCopies(), metrics);
      gauges.refresh();
      assertThat(metrics.registry().scrape()).contains(
          "lifeboat_wal_copy_lag_seconds{location=\"offsite\",target=\"main\"} 0.0",
          "lifeboat_wal_copy_behind_files{location=\"offsite\",target=\"main\"} 0.0");

      primaryS3.close(); // the primary bucket is gone
      Path data = dir.resolve("recoveries").resolve("from-the-copy");
      int port = FreePorts.any();
      try {
        PointInTimeResult result = stack.workflow(PointInTimeRestoreWorkflow.class,
                PointInTimeRestoreWorkflow.workflowId(target, data.toString()))
            .recover(new PointInTimeRequest(target, RecoveryTarget.time(between), null, data.toString(), port, null,
                "tester"));
        assertThat(result.backupId()).isEqualTo(base.backupId());
        assertThat(rows(port)).containsExactly("1 before the base backup",
            "2 after the base backup, before the target");
      } finally {
        if (Files.exists(data.resolve("postmaster.pid"))) {
          PrivateCluster.asPostgres(List.of(PrivateCluster.BIN.resolve("pg_ctl").toString(), "-D", data.toString(),
              "-m", "immediate", "-w", "stop"));
        }
        offsiteStore.close();
        vaultStore.close();
      }
    }
  }

  /** The copier recorded "nothing pending" for the location (status and the gauges read that). */
  private static TargetStatus.WalCopyLag awaitRecordedUpToDate(ArchivedCluster stack) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      TargetStatus status = statuses(stack).all().get(0);
      TargetStatus.WalCopyLag lag = status.walCopies().get(0);
      if (lag.pendingFiles() != null && lag.pendingFiles() == 0) {
        assertThat(lag.location()).isEqualTo("offsite");
        return lag;
      }
      assertThat(System.nanoTime()).as("WAL copy recorded up to date within 30 s: %s", lag).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private ObjectStore store(StorageConfig storage, String bucket) {
    return new ObjectStore(ObjectStore.client(storage.getCopies().get(0).getEndpoint(), "us-east-1",
        storage.getAccessKey(), storage.getSecretKey(), true), bucket, storage.getPrefix(), ObjectStore.MIN_PART_SIZE, 1);
  }

  private WalArchive archive(ObjectStore store) throws Exception {
    return new WalArchive(store, new ArtifactWriter(store, OpenPgpKeys.publicKeys(dir.resolve("keys/backup.pub.asc")), 1),
        new ArtifactReader(store, List.of(OpenPgpKeys.secretKeys(dir.resolve("keys/backup.sec.asc"), null))),
        ArchivedCluster.walSignatures(dir));
  }

  private static TargetStatuses statuses(ArchivedCluster stack) {
    return new TargetStatuses(stack.config.getTargets(), stack.config.getStorage().getCopies(),
        stack.config.getDrills(), stack.catalog,
        Clock.systemUTC());
  }

  private static List<String> names(WalArchive archive) {
    return archive.list(ArchivedCluster.TARGET).stream().map(f -> f.file().name()).toList();
  }

  /** Switches to a new segment and waits until the one holding everything so far is archived. */
  private static WalFileName archiveCurrentSegment(ArchivedCluster stack) throws Exception {
    String current = stack.cluster.query("SELECT pg_walfile_name(pg_current_wal_lsn())");
    stack.cluster.execute("SELECT pg_switch_wal()");
    long deadline = System.nanoTime() + 20_000_000_000L;
    WalFileName segment = WalFileName.parse(current).orElseThrow();
    while (!stack.archive.contains(ArchivedCluster.TARGET, segment)) {
      assertThat(System.nanoTime()).as("%s archived within 20 s", current).isLessThan(deadline);
      Thread.sleep(50);
    }
    return segment;
  }

  private static List<String> rows(int port) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
        "postgres", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, note FROM orders ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getInt(1) + " " + rs.getString(2));
      }
    }
    return rows;
  }
}
