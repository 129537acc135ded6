package io.lifeboat.activities.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.WalCopyEntry;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The worker's WAL copy loop against real S3Proxy buckets and a real catalog: a file a receiver
 * stored reaches the location at once, without waiting for the next pass, and the catalog's record
 * of the location's lag (what status and the gauges show) follows each copy, failed or not.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class WalCopyLoopTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();

  private static final String TARGET = "main";

  private static WalArchive archive(ObjectStore store) {
    return new WalArchive(store, new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1),
        new ArtifactReader(store, List.of(TestKeys.alice().secretKeys())), TestKeys.alice().walSignatures());
  }

  private static WalFileName push(WalArchive archive, String name, int seed) {
    byte[] raw = new byte[16 << 10];
    new Random(seed).nextBytes(raw);
    WalFileName file = WalFileName.parse(name).orElseThrow();
    archive.push(TARGET, file, raw, raw.length);
    return file;
  }

  @Test
  void eachArchivedFileIsCopiedAtOnceAndTheRecordedLagFollows() throws Exception {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    Catalog catalog = new Catalog(dataSource);
    WalArchive primary = archive(s3.store("loop-primary", "lifeboat", ObjectStore.MIN_PART_SIZE, 1));
    WalArchive offsite = archive(s3.store("loop-offsite", "copy", ObjectStore.MIN_PART_SIZE, 1));
    push(primary, "000000010000000000000001", 1);
    push(primary, "000000010000000000000002", 2);

    // A pass an hour: only the first one runs during the test; what follows is the files' own copies.
    try (WalCopyLoop loop = WalCopyLoop.start(Map.of(new WalCopier("offsite", primary, offsite), List.of(TARGET)),
        catalog, Duration.ofHours(1), Clock.systemUTC())) {
      await(catalog, e -> "000000010000000000000002".equals(e.newestCopied()) && e.pending() == 0);

      WalFileName third = push(primary, "000000010000000000000003", 3);
      loop.archived(TARGET, third);
      WalCopyEntry copied = await(catalog, e -> third.name().equals(e.newestCopied()));
      assertThat(copied.pending()).isZero();
      assertThat(copied.error()).isNull();
      assertThat(offsite.contains(TARGET, third)).isTrue();

      WalFileName fourth = push(primary, "000000010000000000000004", 4);
      String key = primary.key(TARGET, fourth);
      primary.store().put(key, "not WAL".getBytes(StandardCharsets.UTF_8),
          primary.store().head(key).orElseThrow().metadata());
      loop.archived(TARGET, fourth);
      WalCopyEntry behind = await(catalog, e -> e.pending() == 1);
      assertThat(behind.oldestPendingAt()).as("the lag counts from when it was archived").isNotNull();
      assertThat(behind.error()).contains(fourth.name()).contains("corrupt in the primary bucket");
      assertThat(behind.newestCopied()).isEqualTo(third.name());
      assertThat(offsite.contains(TARGET, fourth)).isFalse();
    }
  }

  private static WalCopyEntry await(Catalog catalog, Predicate<WalCopyEntry> done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      List<WalCopyEntry> entries = catalog.walCopies(TARGET);
      if (!entries.isEmpty() && done.test(entries.get(0))) {
        return entries.get(0);
      }
      assertThat(System.nanoTime()).as("the catalog's record of the copy: %s", entries).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
