package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.artifact.WrongKeyException;
import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.activities.wal.WalArchive;
import io.lifeboat.activities.wal.WalFileName;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.manifest.ManifestJson;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.cluster.ArchiveCheckWorkflow;
import io.lifeboat.workflows.cluster.ArchiveReport;
import io.lifeboat.workflows.cluster.PointInTimeRequest;
import io.lifeboat.workflows.cluster.PointInTimeRestoreWorkflow;
import io.lifeboat.workflows.cluster.PointInTimeResult;
import io.lifeboat.workflows.cluster.RecoveryTarget;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.retention.RetentionRequest;
import io.lifeboat.workflows.retention.RetentionResult;
import io.lifeboat.workflows.retention.RetentionWorkflow;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.lifeboat.worker.embedded.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base backup, WAL archive and point-in-time recovery of a private PostgreSQL 15 cluster, end
 * to end through Temporal, S3Proxy and the shipped {@code lifeboat-wal} client: a recovery to a
 * time between two inserts holds exactly the rows committed before it; targets the archive
 * cannot reach, a used directory, a gap in the archive, a wrong key, an unreachable cluster and a
 * forged WAL segment are refused with what to do, and leave the archive and the live cluster as
 * they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PointInTimeRecoveryTest {
  @TempDir static Path dir;
  private ArchivedCluster stack;
  private BackupResult base;
  private final List<Path> recovered = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    stack = ArchivedCluster.start(dir, 3);
    stack.cluster.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
    stack.cluster.execute("INSERT INTO orders VALUES (1, 'before the base backup')");
    base = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(ArchivedCluster.TARGET))
        .backup(new BackupRequest(ArchivedCluster.TARGET, "test", "tester"));
  }

  @AfterAll
  void stop() throws Exception {
    for (Path data : recovered.stream().filter(d -> Files.exists(d.resolve("postmaster.pid"))).toList()) {
      PrivateCluster.asPostgres(List.of(PrivateCluster.BIN.resolve("pg_ctl").toString(), "-D", data.toString(),
          "-m", "immediate", "-w", "stop"));
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void aBaseBackupRecordsTheWalItNeeds() throws Exception {
    assertThat(base.kind()).isEqualTo("pg-base");
    BackupEntry entry = stack.catalog.findBackup(base.backupId()).orElseThrow();
    assertThat(entry.kind()).isEqualTo("pg-base");
    assertThat(entry.recoveryLsn()).matches("[0-9A-F]+/[0-9A-F]+");
    assertThat(base.storedBytes()).isPositive();
    Manifest.WalRange wal = ManifestJson.read(Files.readAllBytes(stackFile(entry.manifestKey()))).wal();
    assertThat(wal.timeline()).isEqualTo(1);
    assertThat(wal.endLsn()).isEqualTo(entry.recoveryLsn());
    assertThat(wal.endedAt()).isEqualTo(entry.recoveryPoint()).isAfter(wal.startedAt());
    for (String segment : List.of(wal.startSegment(), wal.endSegment())) {
      assertThat(stack.archive.contains(ArchivedCluster.TARGET, WalFileName.parse(segment).orElseThrow()))
          .as("%s archived before the backup was recorded", segment).isTrue();
    }

    VerifyResult verified = stack.workflow(VerifyWorkflow.class, VerifyWorkflow.workflowId(base.backupId()))
        .verify(new VerifyRequest(base.backupId(), true, "tester"));
    assertThat(verified.archiveEntries()).as("tar members read back").isGreaterThan(100);
    assertThat(verified.testRestore().comparison().compared()).as("databases answering in the test-restored server")
        .isPositive();
    assertThat(Path.of(System.getProperty("java.io.tmpdir"), "lifeboat-verify-" + base.backupId()))
        .as("the scratch server is stopped and removed").doesNotExist();
    assertThat(stack.catalog.findBackup(base.backupId()).orElseThrow().verifiedAt()).isNotNull();
  }

  @Test
  @Order(2)
  void recoveryToATimeBetweenTwoInsertsHoldsExactlyTheRowsBeforeIt() throws Exception {
    stack.cluster.execute("INSERT INTO orders VALUES (2, 'after the base backup, before the target')");
    Thread.sleep(1_000);
    Instant between = Instant.parse(stack.cluster.query(
        "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
    Thread.sleep(1_000);
    stack.cluster.execute("INSERT INTO orders VALUES (3, 'after the target')");
    archiveCurrentSegment();

    Path data = dir.resolve("recoveries").resolve("to-time");
    PointInTimeResult result = recover(RecoveryTarget.time(between), data, null);

    assertThat(result.backupId()).isEqualTo(base.backupId());
    assertThat(rows(result.port())).containsExactly("1 before the base backup",
        "2 after the base backup, before the target");
    assertThat(result.recoveryPoint()).isEqualTo(between);
    assertThat(result.achievedRpoMillis()).as("target to the newest archived WAL")
        .isEqualTo(result.lastArchivedAt().toEpochMilli() - between.toEpochMilli()).isPositive();
    assertThat(result.timeline()).as("promoted onto a new timeline").isGreaterThan(1);
    assertThat(stack.catalog.listRuns(20)).anySatisfy(run -> {
      assertThat(run.type()).isEqualTo(RunEntry.Type.RESTORE);
      assertThat(run.status()).isEqualTo(RunEntry.Status.COMPLETED);
      assertThat(run.reason()).startsWith("point-in-time recovery");
      assertThat(run.achievedRpo()).isEqualTo(Duration.ofMillis(result.achievedRpoMillis()));
    });
    assertThat(rows(stack.cluster.port)).as("the live cluster is untouched").hasSize(3);
  }

  @Test
  @Order(3)
  void recoveryToARestorePointStopsThere() throws Exception {
    stack.cluster.execute("INSERT INTO orders VALUES (4, 'before the restore point')");
    stack.cluster.execute("SELECT pg_create_restore_point('before-migration')");
    stack.cluster.execute("INSERT INTO orders VALUES (5, 'after the restore point')");
    archiveCurrentSegment();

    PointInTimeResult result = recover(RecoveryTarget.name("before-migration"),
        dir.resolve("recoveries").resolve("to-name"), null);
    assertThat(rows(result.port())).hasSize(4).last().isEqualTo("4 before the restore point");
  }

  @Test
  @Order(4)
  void targetsTheArchiveCannotReachAreRefused() {
    Path data = dir.resolve("recoveries").resolve("refused");
    assertThatThrownBy(() -> recover(RecoveryTarget.time(Instant.now().plus(Duration.ofHours(1))), data, null))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.TARGET_OUT_OF_RANGE);
          assertThat(Failures.message(e.getCause())).contains("after the newest archived WAL").contains("pg_switch_wal");
        });
    assertThatThrownBy(() -> recover(RecoveryTarget.time(base.recoveryPoint().minus(Duration.ofHours(1))), data,
        null))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.TARGET_OUT_OF_RANGE);
          assertThat(Failures.message(e.getCause())).contains("before every base backup");
        });
    assertThat(data).doesNotExist();
  }

  @Test
  @Order(5)
  void aDirectoryInUseIsNeverOverwritten() throws Exception {
    Path data = dir.resolve("recoveries").resolve("in-use");
    Files.createDirectories(data);
    Files.writeString(data.resolve("PG_VERSION"), "15\n");
    assertThatThrownBy(() -> recover(RecoveryTarget.name("anything"), data, null))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.BAD_REQUEST);
          assertThat(Failures.message(e.getCause())).contains("is not empty").contains("nothing was changed");
        });
    assertThat(Files.readString(data.resolve("PG_VERSION"))).isEqualTo("15\n");
  }

  @Test
  @Order(6)
  void aWrongKeyCannotReadTheArchive() throws Exception {
    Path keys = dir.resolve("other-keys");
    Files.createDirectories(keys);
    OpenPgpKeys.generate("someone else", keys.resolve("pub.asc"), keys.resolve("sec.asc"));
    WalArchive withOtherKey = new WalArchive(stack.objects,
        new ArtifactWriter(stack.objects, OpenPgpKeys.publicKeys(keys.resolve("pub.asc")), 1),
        new ArtifactReader(stack.objects, List.of(OpenPgpKeys.secretKeys(keys.resolve("sec.asc"), null))),
        ArchivedCluster.walSignatures(dir));
    WalFileName first = stack.archive.list(ArchivedCluster.TARGET).get(0).file();
    assertThatThrownBy(() -> withOtherKey.fetch(ArchivedCluster.TARGET, first))
        .isInstanceOf(WrongKeyException.class).hasMessageContaining("key");
  }

  @Test
  @Order(7)
  void aGapInTheArchiveIsReportedAndRefusesRecoveries() throws Exception {
    ArchiveReport whole = stack.workflow(ArchiveCheckWorkflow.class, ArchiveCheckWorkflow.workflowId("main-1"))
        .check(ArchivedCluster.TARGET);
    assertThat(whole.gaps()).isEmpty();
    assertThat(whole.segments()).isGreaterThan(3);

    List<WalArchive.ArchivedFile> segments = stack.archive.list(ArchivedCluster.TARGET).stream()
        .filter(f -> f.file().type() == WalFileName.Type.SEGMENT && f.file().timeline() == 1).toList();
    WalFileName lost = segments.get(segments.size() - 2).file();
    Files.delete(stackFile(stack.archive.key(ArchivedCluster.TARGET, lost)));

    assertThatThrownBy(() -> stack.workflow(ArchiveCheckWorkflow.class, ArchiveCheckWorkflow.workflowId("main-2"))
        .check(ArchivedCluster.TARGET))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.WAL_GAP);
          assertThat(Failures.message(e.getCause())).contains(lost.name());
        });
    Path data = dir.resolve("recoveries").resolve("over-a-gap");
    assertThatThrownBy(() -> recover(RecoveryTarget.name("before-migration"), data, base.backupId()))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.WAL_GAP);
          assertThat(Failures.message(e.getCause())).contains(lost.name()).contains("nothing was changed");
        });
    assertThat(data).doesNotExist();
  }

  @Test
  @Order(8)
  void retentionDeletesTheWalNoKeptBaseBackupNeedsAndTheKeptOneStillRecovers() throws Exception {
    BackupResult newer = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(ArchivedCluster.TARGET))
        .backup(new BackupRequest(ArchivedCluster.TARGET, "test", "tester"));
    stack.workflow(VerifyWorkflow.class, VerifyWorkflow.workflowId(newer.backupId()))
        .verify(new VerifyRequest(newer.backupId(), true, "tester")); // else the older one stays as newest verified
    stack.cluster.execute("INSERT INTO orders VALUES (10, 'after the newer base backup')");
    stack.cluster.execute("SELECT pg_create_restore_point('after-pruning')");
    archiveCurrentSegment();
    String keepFrom = ManifestJson.read(Files.readAllBytes(stackFile(
        stack.catalog.findBackup(newer.backupId()).orElseThrow().manifestKey()))).wal().startSegment();
    List<WalFileName> before = archived();
    List<WalFileName> unneeded = before.stream()
        .filter(f -> f.type() != WalFileName.Type.HISTORY && position(f) < position(keepFrom)).toList();
    assertThat(unneeded).as("WAL older than the newer base backup").isNotEmpty();

    RetentionResult dryRun = stack.workflow(RetentionWorkflow.class,
        RetentionWorkflow.dryRunWorkflowId(ArchivedCluster.TARGET))
        .apply(new RetentionRequest(ArchivedCluster.TARGET, true, "tester", "test"));
    assertThat(dryRun.wal().keptFrom()).isEqualTo(keepFrom);
    assertThat(dryRun.wal().files()).isEqualTo(unneeded.size());
    assertThat(archived()).as("a dry run deletes nothing").containsAll(before);

    RetentionResult result = stack.workflow(RetentionWorkflow.class, RetentionWorkflow.workflowId(ArchivedCluster.TARGET))
        .apply(new RetentionRequest(ArchivedCluster.TARGET, false, "tester", "test"));

    assertThat(result.deleted()).containsExactly(base.backupId());
    assertThat(result.wal().keptFrom()).isEqualTo(keepFrom);
    assertThat(result.wal().files()).isEqualTo(unneeded.size());
    List<WalFileName> after = archived();
    assertThat(after).doesNotContainAnyElementsOf(unneeded)
        .containsAll(before.stream().filter(f -> !unneeded.contains(f)).toList())
        .contains(WalFileName.parse(keepFrom).orElseThrow());
    assertThat(stack.workflow(ArchiveCheckWorkflow.class, ArchiveCheckWorkflow.workflowId("main-3"))
        .check(ArchivedCluster.TARGET).gaps()).as("the gap made earlier was older than any kept base backup")
        .isEmpty();

    Path data = dir.resolve("recoveries").resolve("after-pruning");
    PointInTimeResult recovered = recover(RecoveryTarget.name("after-pruning"), data, newer.backupId());
    assertThat(rows(recovered.port())).contains("10 after the newer base backup");
  }

  private List<WalFileName> archived() {
    return stack.archive.list(ArchivedCluster.TARGET).stream().map(WalArchive.ArchivedFile::file).toList();
  }

  /** Log and segment of a WAL file name, as a number (whatever the timeline). */
  private static long position(WalFileName file) {
    return position(file.name());
  }

  private static long position(String name) {
    return Long.parseLong(name.substring(8, 24), 16);
  }

  @Test
  @Order(9)
  void anUnreachableClusterFailsItsBackupAndLeavesTheOthers() throws Exception {
    stack.cluster.stop();
    assertThatThrownBy(() -> stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(ArchivedCluster.TARGET))
        .backup(new BackupRequest(ArchivedCluster.TARGET, "test", "tester")))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.DATABASE_UNREACHABLE);
          assertThat(Failures.message(e.getCause())).contains("check that the server is running");
        });
    assertThat(stack.catalog.findBackup(base.backupId())).isPresent(); // deleted by retention, still recorded
  }

  @Test
  @Order(10)
  void aForgedSegmentStopsTheRecoveryBeforePostgresReplaysIt() throws Exception {
    BackupEntry newest = stack.catalog.latestBackup(ArchivedCluster.TARGET, "pg-base").orElseThrow();
    WalFileName first = WalFileName.parse(ManifestJson.read(Files.readAllBytes(stackFile(newest.manifestKey())))
        .wal().startSegment()).orElseThrow();
    byte[] forged = stack.archive.fetch(ArchivedCluster.TARGET, first).orElseThrow();
    forged[forged.length / 2] ^= 1;
    // What someone with write access to the bucket and the public key can store: consistent, not signed.
    ArtifactWriter.EncodedArtifact encoded = new ArtifactWriter(stack.objects,
        OpenPgpKeys.publicKeys(dir.resolve("keys/backup.pub.asc")), 1).encode(forged, forged.length);
    stack.objects.put(stack.archive.key(ArchivedCluster.TARGET, first), encoded.bytes(),
        java.util.Map.of("sha256", encoded.sha256(), "raw-bytes", Integer.toString(forged.length)));

    Path data = dir.resolve("recoveries").resolve("over-a-forged-segment");
    assertThatThrownBy(() -> recover(RecoveryTarget.name("after-pruning"), data, newest.backupId()))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.TOOL_FAILED);
          assertThat(Failures.message(e.getCause())).contains("WAL file " + first.name() + " of target "
              + ArchivedCluster.TARGET + " is refused").contains("replaced or forged");
        });
  }

  private PointInTimeResult recover(RecoveryTarget to, Path data, String backup) {
    int port = FreePorts.any();
    recovered.add(data);
    return stack.workflow(PointInTimeRestoreWorkflow.class,
            PointInTimeRestoreWorkflow.workflowId(ArchivedCluster.TARGET, data.toString()))
        .recover(new PointInTimeRequest(ArchivedCluster.TARGET, to, backup, data.toString(), port, null, "tester"));
  }

  /** Switches to a new segment and waits until the one holding everything so far is archived. */
  private void archiveCurrentSegment() throws Exception {
    String current = stack.cluster.query("SELECT pg_walfile_name(pg_current_wal_lsn())");
    stack.cluster.execute("SELECT pg_switch_wal()");
    long deadline = System.nanoTime() + 20_000_000_000L;
    WalFileName segment = WalFileName.parse(current).orElseThrow();
    while (!stack.archive.contains(ArchivedCluster.TARGET, segment)) {
      assertThat(System.nanoTime()).as("%s archived within 20 s", current).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private List<String> rows(int port) throws Exception {
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

  private Path stackFile(String key) {
    return stack.embedded.home().resolve("s3").resolve(EmbeddedStack.BUCKET).resolve(key);
  }
}
