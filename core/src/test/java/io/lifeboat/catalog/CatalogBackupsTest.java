package io.lifeboat.catalog;

import static io.lifeboat.catalog.TestManifests.manifestKey;
import static io.lifeboat.catalog.TestManifests.postgres;
import static io.lifeboat.catalog.TestManifests.schema;
import static io.lifeboat.catalog.TestManifests.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.manifest.Manifest;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogBackupsTest {
  private static final Instant T1 = Instant.parse("2025-03-01T01:00:00.123456Z");
  private static final Instant T2 = Instant.parse("2025-03-01T02:00:00Z");
  private static final Instant T3 = Instant.parse("2025-03-01T03:00:00Z");

  private Catalog catalog;

  @BeforeEach
  void freshCatalog() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
  }

  @Test
  void recordsEveryFactOfTheManifest() {
    Manifest manifest = postgres("b1", "orders", T1);

    catalog.recordBackup(manifest, manifestKey(manifest), "cd".repeat(32));

    assertThat(catalog.findBackup("b1"))
        .contains(
            new BackupEntry(
                "b1",
                "orders",
                "postgres",
                BackupEntry.Status.COMPLETED,
                "orders_db",
                T1.plusSeconds(30),
                T1,
                "0/16B3748",
                1_000_000,
                250_000,
                "prod/orders/postgres/b1/manifest.json",
                "cd".repeat(32),
                List.of(new Manifest.StoredObject("dump.zst.pgp", 1_000_000, 250_000, "ab".repeat(32))),
                null,
                "backup:orders:" + T1,
                "run-b1",
                null,
                null));
  }

  @Test
  void recordingTheSameBackupTwiceKeepsOneEntryAndItsVerification() {
    Manifest manifest = postgres("b1", "orders", T1);
    catalog.recordBackup(manifest, manifestKey(manifest), "cd".repeat(32));
    catalog.markVerified("b1", T2);

    catalog.recordBackup(manifest, manifestKey(manifest), "cd".repeat(32));

    assertThat(catalog.listBackups(null, 10)).hasSize(1);
    assertThat(catalog.findBackup("b1")).get().extracting(BackupEntry::verifiedAt).isEqualTo(T2);
  }

  @Test
  void refusesAManifestWithoutRecoveryPoint() {
    Manifest manifest = postgres("b1", "orders", T1);
    Manifest withoutPoint =
        new Manifest(
            manifest.formatVersion(), manifest.backupId(), manifest.target(), manifest.kind(),
            manifest.database(), manifest.createdAt(), null, manifest.tools(), manifest.rawBytes(),
            manifest.storedBytes(), manifest.objects(), manifest.encryption(),
            manifest.parentBackupId(), manifest.workflow(), manifest.rowCounts());

    assertThatThrownBy(() -> catalog.recordBackup(withoutPoint, "k", "cd".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("manifest k of backup b1 has no recovery point time");
  }

  @Test
  void markVerifiedKeepsTheLatestTimeAndReportsUnknownBackups() {
    record(postgres("b1", "orders", T1));

    assertThat(catalog.markVerified("b1", T3)).isTrue();
    assertThat(catalog.markVerified("b1", T2)).isTrue();
    assertThat(catalog.markVerified("missing", T2)).isFalse();

    assertThat(catalog.findBackup("b1")).get().extracting(BackupEntry::verifiedAt).isEqualTo(T3);
  }

  @Test
  void findsNothingForAnUnknownBackup() {
    assertThat(catalog.findBackup("missing")).isEmpty();
  }

  @Test
  void listsNewestRecoveryPointFirstByTargetOrAll() {
    record(postgres("b2", "orders", T2));
    record(postgres("b1", "orders", T1));
    record(postgres("c3", "billing", T3));

    assertThat(catalog.listBackups(null, 10)).extracting(BackupEntry::backupId).containsExactly("c3", "b2", "b1");
    assertThat(catalog.listBackups("orders", 10)).extracting(BackupEntry::backupId).containsExactly("b2", "b1");
    assertThat(catalog.listBackups(null, 2)).extracting(BackupEntry::backupId).containsExactly("c3", "b2");
    assertThat(catalog.listBackups("nothing", 10)).isEmpty();
  }

  @Test
  void latestBackupIsTheNewestRecoveryPointOfTheTarget() {
    record(postgres("b1", "orders", T1));
    record(postgres("b2", "orders", T2));
    record(postgres("c3", "billing", T3));

    assertThat(catalog.latestBackup("orders")).get().extracting(BackupEntry::backupId).isEqualTo("b2");
    assertThat(catalog.latestBackup("nothing")).isEmpty();
  }

  @Test
  void aTenantsLatestBackupIsOfItsSchemaAndKindOnly() {
    record(postgres("whole", "saas", T3));
    record(schema("a1", "saas", "pg-schema", "tenant_a", T1));
    record(schema("a2", "saas", "pg-schema", "tenant_a", T2));
    record(schema("b3", "saas", "pg-schema", "tenant_b", T3));
    record(schema("a3", "saas", "pg-schema-safety", "tenant_a", T3));

    assertThat(catalog.latestSchemaBackup("saas", "pg-schema", "tenant_a"))
        .get().extracting(BackupEntry::backupId).isEqualTo("a2");
    assertThat(catalog.latestSchemaBackupBefore("saas", "pg-schema", "tenant_a", T2.minusMillis(1)))
        .get().extracting(BackupEntry::backupId).isEqualTo("a1");
    assertThat(catalog.latestSchemaBackup("saas", "pg-schema", "tenant_c")).isEmpty();
    assertThat(catalog.listSchemaBackups("saas", "tenant_a", 10))
        .extracting(BackupEntry::backupId).containsExactly("a3", "a2", "a1");
    assertThat(catalog.findBackup("b3")).get().extracting(BackupEntry::schema).isEqualTo("tenant_b");
    assertThat(catalog.findBackup("whole")).get().extracting(BackupEntry::schema).isNull();
  }

  @Test
  void aTenantsBackupIsNeverTheTargetsLatestButIsARetentionCandidateNamingItsSchema() {
    record(postgres("whole", "saas", T1));
    record(schema("a2", "saas", "pg-schema", "tenant_a", T2));
    record(schema("a3", "saas", "pg-schema-safety", "tenant_a", T3));
    catalog.markVerified("a2", T3);

    assertThat(catalog.latestBackup("saas")).get().extracting(BackupEntry::backupId).isEqualTo("whole");
    assertThat(catalog.latestBackupBefore("saas", T3)).get().extracting(BackupEntry::backupId).isEqualTo("whole");
    assertThat(catalog.latestVerifiedBackup("saas")).isEmpty();
    assertThat(catalog.retentionCandidates("saas")).extracting(c -> c.backup().backupId(), c -> c.backup().schema())
        .containsExactly(tuple("a3", "tenant_a"), tuple("a2", "tenant_a"), tuple("whole", null));
  }

  @Test
  void latestBackupBeforeIncludesAnExactMatchAndNothingLater() {
    record(postgres("b1", "orders", T1));
    record(postgres("b2", "orders", T2));
    record(postgres("b3", "orders", T3));

    assertThat(catalog.latestBackupBefore("orders", T2)).get().extracting(BackupEntry::backupId).isEqualTo("b2");
    assertThat(catalog.latestBackupBefore("orders", T3.minusMillis(1)))
        .get()
        .extracting(BackupEntry::backupId)
        .isEqualTo("b2");
    assertThat(catalog.latestBackupBefore("orders", T1.minusNanos(1000))).isEmpty();
  }

  @Test
  void latestVerifiedBackupSkipsUnverifiedOnes() {
    record(postgres("b1", "orders", T1));
    record(postgres("b2", "orders", T2));
    record(postgres("b3", "orders", T3));
    catalog.markVerified("b2", T3);

    assertThat(catalog.latestVerifiedBackup("orders")).get().extracting(BackupEntry::backupId).isEqualTo("b2");
    assertThat(catalog.latestVerifiedBackup("billing")).isEmpty();
  }

  @Test
  void replaceBackupIndexMirrorsTheBucketAndKeepsVerificationTimes() {
    record(postgres("kept", "orders", T1));
    record(postgres("gone", "orders", T2));
    catalog.markVerified("kept", T3);
    catalog.markVerified("gone", T3);

    catalog.replaceBackupIndex(
        List.of(withKey(postgres("kept", "orders", T1)), withKey(postgres("new", "billing", T3))));

    assertThat(catalog.listBackups(null, 10)).extracting(BackupEntry::backupId).containsExactly("new", "kept");
    assertThat(catalog.findBackup("kept")).get().extracting(BackupEntry::verifiedAt).isEqualTo(T3);
    assertThat(catalog.findBackup("new")).get().extracting(BackupEntry::verifiedAt).isNull();
  }

  @Test
  void replaceBackupIndexWithAnEmptyBucketEmptiesTheIndex() {
    record(postgres("b1", "orders", T1));

    catalog.replaceBackupIndex(List.of());

    assertThat(catalog.listBackups(null, 10)).isEmpty();
  }

  @Test
  void replaceBackupIndexChangesNothingWhenTheDatabaseRefusesOneManifest() {
    record(postgres("b1", "orders", T1));
    // PostgreSQL text cannot hold NUL: the batch fails after the first manifest went in.
    ManifestWithKey refused = withKey(postgres("b3", "orders\u0000", T3));

    assertThatThrownBy(() -> catalog.replaceBackupIndex(List.of(withKey(postgres("b2", "orders", T2)), refused)))
        .isInstanceOf(JdbiException.class);

    assertThat(catalog.listBackups(null, 10)).extracting(BackupEntry::backupId).containsExactly("b1");
  }

  private void record(Manifest manifest) {
    catalog.recordBackup(manifest, manifestKey(manifest), "cd".repeat(32));
  }
}
