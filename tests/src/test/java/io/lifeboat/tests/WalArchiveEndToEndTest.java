package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.activities.wal.WalArchive.ArchivedFile;
import io.lifeboat.activities.wal.WalFileName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Continuous WAL archiving of a private PostgreSQL 15 cluster through the shipped
 * {@code lifeboat-wal} client and the worker's receiver into S3Proxy: a busy pgbench run keeps
 * the archive current, no file is reported archived before it is stored, and a file forged in the
 * bucket is refused to the restore command.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalArchiveEndToEndTest {
  private static final long SEGMENT = 16L << 20;

  @TempDir static Path dir;
  private ArchivedCluster stack;

  @BeforeAll
  void start() throws Exception {
    stack = ArchivedCluster.start(dir, 3);
  }

  @AfterAll
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void busyPgbenchRunKeepsTheArchiveCurrent() throws Exception {
    List<String> notStored = new ArrayList<>();
    List<Long> lags = new ArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    // Samples what PostgreSQL believes is archived and checks, at that moment, that the bucket holds it.
    Thread sampler = new Thread(() -> {
      try (Connection c = stack.cluster.connect("postgres"); Statement s = c.createStatement()) {
        while (running.get()) {
          try (ResultSet rs = s.executeQuery("SELECT last_archived_wal, pg_walfile_name(pg_current_wal_lsn())"
              + " FROM pg_stat_archiver")) {
            rs.next();
            String archived = rs.getString(1);
            if (archived != null && WalFileName.parse(archived).orElseThrow().type() == WalFileName.Type.SEGMENT) {
              WalFileName file = WalFileName.parse(archived).orElseThrow();
              if (stack.objects.head(stack.archive.key(ArchivedCluster.TARGET, file)).isEmpty()) {
                notStored.add(archived);
              }
              lags.add(WalFileName.parse(rs.getString(2)).orElseThrow().segmentNumber(SEGMENT)
                  - file.segmentNumber(SEGMENT));
            }
          }
          Thread.sleep(50);
        }
      } catch (Exception e) {
        notStored.add("sampler failed: " + e);
      }
    }, "archive-sampler");
    long started = System.nanoTime();
    String first = stack.cluster.query("SELECT pg_walfile_name(pg_current_wal_lsn())");
    sampler.start();
    try {
      Shell.run(dir, "pgbench -h 127.0.0.1 -p " + stack.cluster.port + " -U postgres -i -s 30 -q postgres 2>&1");
      Shell.run(dir, "pgbench -h 127.0.0.1 -p " + stack.cluster.port + " -U postgres -c 4 -j 2 -T 15 postgres 2>&1");
    } finally {
      running.set(false);
      sampler.join();
    }
    String last = stack.cluster.query("SELECT pg_walfile_name(pg_current_wal_lsn())");
    stack.cluster.execute("SELECT pg_switch_wal()");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!last.equals(stack.cluster.query("SELECT last_archived_wal FROM pg_stat_archiver"))
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long segments = WalFileName.parse(last).orElseThrow().segmentNumber(SEGMENT)
        - WalFileName.parse(first).orElseThrow().segmentNumber(SEGMENT) + 1;
    System.out.printf("archived %d segments in %.1f s; lag behind the insert position: max %d, samples %d%n",
        segments, seconds, lags.stream().mapToLong(Long::longValue).max().orElse(-1), lags.size());

    assertThat(stack.cluster.query("SELECT last_archived_wal FROM pg_stat_archiver"))
        .as("the archive caught up within 10 s of the run's end").isEqualTo(last);
    assertThat(stack.cluster.query("SELECT failed_count FROM pg_stat_archiver")).isEqualTo("0");
    assertThat(notStored).as("files PostgreSQL counted as archived but the bucket did not hold").isEmpty();
    assertThat(segments).as("a busy run writes many segments").isGreaterThan(20);
    assertThat(lags).isNotEmpty();

    List<Long> numbers = stack.archive.list(ArchivedCluster.TARGET).stream().map(ArchivedFile::file)
        .filter(f -> f.type() == WalFileName.Type.SEGMENT).map(f -> f.segmentNumber(SEGMENT)).toList();
    long firstNumber = WalFileName.parse(first).orElseThrow().segmentNumber(SEGMENT);
    long lastNumber = WalFileName.parse(last).orElseThrow().segmentNumber(SEGMENT);
    for (long n = firstNumber; n <= lastNumber; n++) {
      assertThat(numbers).as("segment %d archived", n).contains(n);
    }

    // the last segment comes back through restore_command's path, byte for byte
    Path fetched = dir.resolve("fetched-segment");
    Shell.Result fetch = stack.client("fetch", ArchivedCluster.TARGET, last, fetched.toString());
    assertThat(fetch.exit()).as(fetch.output()).isZero();
    assertThat(Files.mismatch(fetched, stack.cluster.dataDirectory.resolve("pg_wal").resolve(last))).isEqualTo(-1L);
  }

  @Test
  void aMissingFileIsReportedAsMissingAndNothingIsWritten() throws Exception {
    Path into = dir.resolve("missing-segment");
    Shell.Result fetch = stack.client("fetch", ArchivedCluster.TARGET, "0000000100000FFF000000FF", into.toString());
    assertThat(fetch.exit()).as("PostgreSQL takes 1 as 'not in the archive'").isEqualTo(1);
    assertThat(into).doesNotExist();
    assertThat(Files.exists(Path.of(into + ".lifeboat-partial"))).isFalse();
  }

  @Test
  void aWrongSecretIsRefusedAndNothingIsStored() throws Exception {
    Path wrong = dir.resolve("wrong-secret");
    Files.writeString(wrong, "not-the-secret\n");
    Path segment = dir.resolve("some-file");
    Files.write(segment, new byte[1 << 20]);
    String name = "0000000100000EEE00000001";
    Shell.Result push = Shell.exec(List.of(ArchivedCluster.CLIENT.toString(), "-u", stack.receiverUrl, "-s",
        wrong.toString(), "push", ArchivedCluster.TARGET, segment.toString(), name));
    assertThat(push.exit()).isEqualTo(1);
    assertThat(push.output()).contains(name + " not archived").contains("wrong or missing secret");
    assertThat(stack.objects.head(stack.archive.key(ArchivedCluster.TARGET, WalFileName.parse(name).orElseThrow())))
        .isEmpty();
  }

  @Test
  void anArchivedFileIsNeverOverwrittenWithOtherContent() throws Exception {
    Path segment = dir.resolve("conflicting-file");
    byte[] original = new byte[1 << 20];
    original[7] = 7;
    Files.write(segment, original);
    String name = "0000000100000DDD00000001";
    WalFileName file = WalFileName.parse(name).orElseThrow();
    assertThat(stack.client("push", ArchivedCluster.TARGET, segment.toString(), name).exit()).isZero();
    String stored = stack.objects.head(stack.archive.key(ArchivedCluster.TARGET, file)).orElseThrow()
        .metadata().get("sha256");

    Shell.Result again = stack.client("push", ArchivedCluster.TARGET, segment.toString(), name);
    assertThat(again.exit()).as("the same file again is a success: " + again.output()).isZero();

    original[7] = 8;
    Files.write(segment, original);
    Shell.Result other = stack.client("push", ArchivedCluster.TARGET, segment.toString(), name);
    assertThat(other.exit()).isEqualTo(1);
    assertThat(other.output()).contains("already archived").contains("other content");
    assertThat(stack.objects.head(stack.archive.key(ArchivedCluster.TARGET, file)).orElseThrow()
        .metadata().get("sha256")).as("the archived copy is untouched").isEqualTo(stored);
  }

  @Test
  void aForgedFileIsNeverHandedToPostgres() throws Exception {
    Path segment = dir.resolve("signed-file");
    byte[] original = new byte[1 << 20];
    original[9] = 9;
    Files.write(segment, original);
    String name = "0000000100000CCC00000001";
    assertThat(stack.client("push", ArchivedCluster.TARGET, segment.toString(), name).exit()).isZero();
    Path fetched = dir.resolve("fetched-signed-file");
    assertThat(stack.client("fetch", ArchivedCluster.TARGET, name, fetched.toString()).exit()).isZero();
    assertThat(Files.mismatch(fetched, segment)).isEqualTo(-1L);

    // Someone with write access to the bucket and the public key stores other content, consistently.
    original[9] = 10;
    String key = stack.archive.key(ArchivedCluster.TARGET, WalFileName.parse(name).orElseThrow());
    ArtifactWriter.EncodedArtifact forged = new ArtifactWriter(stack.objects,
        OpenPgpKeys.publicKeys(dir.resolve("keys/backup.pub.asc")), 1).encode(original, original.length);
    stack.objects.put(key, forged.bytes(), Map.of("sha256", forged.sha256(), "raw-bytes",
        Integer.toString(original.length)));

    Path refused = dir.resolve("fetched-forged-file");
    Shell.Result fetch = stack.client("fetch", ArchivedCluster.TARGET, name, refused.toString());
    assertThat(fetch.exit()).as("PostgreSQL stops the recovery on 126: " + fetch.output()).isEqualTo(126);
    assertThat(fetch.output()).contains("WAL file " + name + " of target " + ArchivedCluster.TARGET + " is refused");
    assertThat(refused).doesNotExist();
    assertThat(Files.exists(Path.of(refused + ".lifeboat-partial"))).isFalse();
  }
}
