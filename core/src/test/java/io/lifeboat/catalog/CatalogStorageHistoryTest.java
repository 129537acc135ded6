package io.lifeboat.catalog;

import static io.lifeboat.catalog.TestManifests.manifestKey;
import static io.lifeboat.catalog.TestManifests.postgres;
import static io.lifeboat.catalog.TestManifests.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.manifest.Manifest;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the primary bucket held after each backup, as the storage forecast reads it from a real
 * PostgreSQL catalog: every backup counts from when it was made until retention deleted it, tenant
 * backups included; backups deleted before the window are left out, and so are samples before it.
 * Each test backup stores 250,000 bytes and is made 30 s after its recovery point.
 */
class CatalogStorageHistoryTest {
  private static final Instant DAY1 = Instant.parse("2026-11-01T02:00:00Z");
  private static final long B = 250_000;

  private Catalog catalog;

  @BeforeEach
  void freshCatalog() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
  }

  @Test
  void eachSampleIsWhatWasHeldJustAfterTheBackupWithRetentionsDeletionsTakenAway() {
    record(postgres("old", "orders", DAY1.minus(Duration.ofDays(60))));
    deleted("old", DAY1.minus(Duration.ofDays(50)));
    for (int day = 0; day < 4; day++) {
      record(postgres("b" + day, "orders", day(day)));
    }
    record(schema("t2", "orders", "postgres", "tenant_a", day(2).plusSeconds(60)));
    deleted("b0", day(2).plus(Duration.ofHours(1))); // after t2, before b3
    record(postgres("x1", "billing", day(1)));

    assertThat(catalog.storageHistory("orders", DAY1.minus(Duration.ofDays(1)), 100))
        .extracting(StoredBytesAt::at, StoredBytesAt::bytes)
        .containsExactly(
            sample(0, B), sample(1, 2 * B), sample(2, 3 * B),
            org.assertj.core.groups.Tuple.tuple(day(2).plusSeconds(90), 4 * B),
            sample(3, 4 * B));
    java.util.Map<String, List<StoredBytesAt>> all = catalog.storageHistory(DAY1.minus(Duration.ofDays(1)), 100);
    assertThat(all).containsOnlyKeys("orders", "billing");
    assertThat(all.get("billing")).extracting(StoredBytesAt::bytes).containsExactly(B);
    assertThat(all.get("orders")).hasSize(5);
  }

  @Test
  void onlyTheNewestPointsWithinTheWindowAreSampledAndEarlierBackupsStillCount() {
    for (int day = 0; day < 5; day++) {
      record(postgres("b" + day, "orders", day(day)));
    }

    List<StoredBytesAt> newestTwo = catalog.storageHistory("orders", day(1), 2);
    assertThat(newestTwo).extracting(StoredBytesAt::at, StoredBytesAt::bytes)
        .containsExactly(sample(3, 4 * B), sample(4, 5 * B));
    assertThat(catalog.storageHistory("orders", day(3), 100)).extracting(StoredBytesAt::bytes)
        .as("the sample at day 3 counts the backups before the window").containsExactly(4 * B, 5 * B);
    assertThat(catalog.storageHistory("nobody", day(0), 100)).isEmpty();
  }

  private static Instant day(int day) {
    return DAY1.plus(Duration.ofDays(day));
  }

  /** The sample of the backup of {@code day}: made 30 s after its recovery point. */
  private static org.assertj.core.groups.Tuple sample(int day, long bytes) {
    return org.assertj.core.groups.Tuple.tuple(day(day).plusSeconds(30), bytes);
  }

  private void record(Manifest manifest) {
    catalog.recordBackup(manifest, manifestKey(manifest), "cd".repeat(32));
  }

  private void deleted(String backupId, Instant at) {
    assertThat(catalog.markDeleting(backupId, at)).isTrue();
    assertThat(catalog.markDeleted(backupId, at)).isTrue();
  }
}
