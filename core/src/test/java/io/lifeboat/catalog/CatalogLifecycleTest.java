package io.lifeboat.catalog;

import static io.lifeboat.catalog.TestManifests.manifestKey;
import static io.lifeboat.catalog.TestManifests.postgres;
import static io.lifeboat.catalog.TestManifests.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.manifest.Manifest;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retention's and replication's side of the catalog, against a real PostgreSQL. */
class CatalogLifecycleTest {
  private static final Instant T1 = Instant.parse("2026-11-01T02:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-02T02:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-22T02:00:00Z");

  private Catalog catalog;

  @BeforeEach
  void freshCatalog() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
    record(postgres("b1", "orders", T1));
    record(postgres("b2", "orders", T2));
    record(postgres("x1", "billing", T1));
  }

  private void record(Manifest manifest) {
    catalog.recordBackup(manifest, manifestKey(manifest), "cd".repeat(32));
  }

  @Test
  void deletionGoesThroughDeletingToDeletedAndLeavesTheBackupUnrestorableFromTheFirstStep() {
    assertThat(catalog.markDeleting("b2", NOW)).isTrue();
    assertThat(catalog.latestBackup("orders")).map(BackupEntry::backupId).contains("b1");
    assertThat(catalog.retentionCandidates("orders")).extracting(c -> c.backup().status())
        .containsExactly(BackupEntry.Status.DELETING, BackupEntry.Status.COMPLETED);

    assertThat(catalog.markDeleted("b2", NOW)).isTrue();
    assertThat(catalog.markDeleted("b2", NOW.plusSeconds(5))).isFalse(); // idempotent: nothing more happens
    assertThat(catalog.markDeleting("b2", NOW)).isFalse(); // a deleted backup never comes back to DELETING
    assertThat(catalog.findBackup("b2")).map(BackupEntry::status).contains(BackupEntry.Status.DELETED);
    assertThat(catalog.retentionCandidates("orders")).extracting(c -> c.backup().backupId()).containsExactly("b1");
  }

  @Test
  void aHeldOrLockedBackupIsNeverMarkedForDeletion() {
    assertThat(catalog.setLegalHold("b1", true)).isTrue();
    assertThat(catalog.markDeleting("b1", NOW)).isFalse();
    assertThat(catalog.setLegalHold("b1", false)).isTrue();

    assertThat(catalog.recordLock("b1", NOW.plusSeconds(3600))).isTrue();
    assertThat(catalog.recordLock("b1", NOW)).isTrue(); // a lock only ever extends
    RetentionCandidate locked = catalog.findRetentionCandidate("b1").orElseThrow();
    assertThat(locked.lockedUntil()).isEqualTo(NOW.plusSeconds(3600));
    assertThat(locked.lockedAt(NOW)).isTrue();
    assertThat(catalog.markDeleting("b1", NOW)).isFalse();
    assertThat(catalog.markDeleting("b1", NOW.plusSeconds(3601))).isTrue(); // expired
  }

  @Test
  void aCatalogRebuildKeepsHoldsAndLocks() {
    catalog.setLegalHold("b1", true);
    catalog.recordLock("b1", NOW);
    catalog.replaceBackupIndex(List.of(withKey(postgres("b1", "orders", T1))));
    RetentionCandidate b1 = catalog.findRetentionCandidate("b1").orElseThrow();
    assertThat(b1.legalHold()).isTrue();
    assertThat(b1.lockedUntil()).isEqualTo(NOW);
  }

  @Test
  void recordsWhereEachCopyIs() {
    CopyEntry copy = new CopyEntry("b1", "offsite", "dr-bucket", "dr/orders/postgres/b1/manifest.json",
        CopyEntry.Status.COPIED, NOW, NOW, null);
    catalog.recordCopy(copy);
    catalog.recordCopy(copy); // idempotent
    catalog.recordCopy(new CopyEntry("b2", "offsite", "dr-bucket", "k", CopyEntry.Status.CORRUPT, NOW, NOW.plusSeconds(1),
        "dump.zst.pgp: SHA-256 differs"));
    assertThat(catalog.copiesOf("b1")).containsExactly(copy);
    assertThat(catalog.copiesOfTarget("orders")).extracting(CopyEntry::backupId).containsExactlyInAnyOrder("b1", "b2");
    assertThat(catalog.copiesOfTarget("billing")).isEmpty();
  }

  @Test
  void theNewestIntactCopyPerLocationIgnoresCorruptCopiesAndDeletedBackups() {
    catalog.recordCopy(new CopyEntry("b1", "offsite", "dr", "k1", CopyEntry.Status.COPIED, NOW, NOW, null));
    catalog.recordCopy(new CopyEntry("b2", "offsite", "dr", "k2", CopyEntry.Status.CORRUPT, NOW, NOW, "missing"));
    catalog.recordCopy(new CopyEntry("b2", "vault", "v", "k2", CopyEntry.Status.COPIED, NOW, NOW, null));
    catalog.recordCopy(new CopyEntry("x1", "vault", "v", "kx", CopyEntry.Status.COPIED, NOW, NOW, null));

    assertThat(catalog.newestCopies("orders")).containsExactly(
        new NewestCopy("offsite", "b1", T1, NOW), new NewestCopy("vault", "b2", T2, NOW));
    assertThat(catalog.newestCopiesByTarget()).as("all targets at once, as one by one").isEqualTo(Map.of(
        "orders", catalog.newestCopies("orders"), "billing", catalog.newestCopies("billing")));

    catalog.markDeleting("b2", NOW);
    assertThat(catalog.newestCopies("orders")).extracting(NewestCopy::location).containsExactly("offsite");
    assertThat(catalog.newestCopies("billing")).extracting(NewestCopy::backupId).containsExactly("x1");
    assertThat(catalog.newestCopiesByTarget()).isEqualTo(Map.of(
        "orders", catalog.newestCopies("orders"), "billing", catalog.newestCopies("billing")));
  }

  @Test
  void whatTheWalCopierRecordedIsReadPerTargetOrForAllAtOnce() {
    catalog.recordWalCopy(new WalCopyEntry("main", "offsite", 3, T1, "000000010000000000000004", NOW, null));
    catalog.recordWalCopy(new WalCopyEntry("main", "vault", 0, null, "000000010000000000000007", NOW, null));
    catalog.recordWalCopy(new WalCopyEntry("other", "vault", -1, null, null, NOW, "vault unreachable"));

    assertThat(catalog.walCopies("main")).extracting(WalCopyEntry::location).containsExactly("offsite", "vault");
    assertThat(catalog.walCopiesByTarget()).isEqualTo(Map.of(
        "main", catalog.walCopies("main"), "other", catalog.walCopies("other")));
  }
}
