package io.lifeboat.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {
  private static final Manifest MANIFEST =
      new Manifest(
          Manifest.FORMAT_VERSION,
          "20250301T010000Z-1a2b",
          "orders",
          "postgres",
          "orders",
          Instant.parse("2025-03-01T01:00:30Z"),
          new Manifest.RecoveryPoint(Instant.parse("2025-03-01T01:00:00.123456Z"), "0/16B3748"),
          Map.of("pg_dump", "15.13", "lifeboat", "0.1.0"),
          1_000_000,
          250_000,
          List.of(new Manifest.StoredObject("dump.zst.pgp", 1_000_000, 250_000, "ab".repeat(32))),
          new Manifest.Encryption("openpgp", List.of("F00D"), "BEEF"),
          null,
          new Manifest.WorkflowRun("backup:orders:2025-03-01T01:00:00Z", "3f0c7a"),
          Map.of("public.orders", 42L));

  @Test
  void roundTrips() {
    assertThat(ManifestJson.read(ManifestJson.write(MANIFEST))).isEqualTo(MANIFEST);
  }

  @Test
  void aTenantBackupRecordsItsSchemaAndAWholeSourceBackupNone() {
    Manifest tenant = new Manifest(MANIFEST.formatVersion(), MANIFEST.backupId(), MANIFEST.target(), "pg-schema",
        MANIFEST.database(), MANIFEST.createdAt(), MANIFEST.recoveryPoint(), MANIFEST.tools(), MANIFEST.rawBytes(),
        MANIFEST.storedBytes(), MANIFEST.objects(), MANIFEST.encryption(), null, MANIFEST.workflow(),
        Map.of("tenant_a.orders", 42L), "tenant_a", null);

    assertThat(new String(ManifestJson.write(tenant), StandardCharsets.UTF_8)).contains("\"schema\" : \"tenant_a\"");
    assertThat(ManifestJson.read(ManifestJson.write(tenant))).isEqualTo(tenant);
    assertThat(new String(ManifestJson.write(MANIFEST), StandardCharsets.UTF_8)).doesNotContain("schema");
  }

  @Test
  void aLogicalPostgresBackupNamesItsGlobalsAndWhetherPasswordsAreIn() {
    Manifest withGlobals = new Manifest(MANIFEST.formatVersion(), MANIFEST.backupId(), MANIFEST.target(), "pg-dump",
        MANIFEST.database(), MANIFEST.createdAt(), MANIFEST.recoveryPoint(), MANIFEST.tools(), MANIFEST.rawBytes(),
        MANIFEST.storedBytes(), MANIFEST.objects(), MANIFEST.encryption(), null, MANIFEST.workflow(),
        MANIFEST.rowCounts(), null, null, null,
        new Manifest.Globals("globals.json.zst.pgp", "globals.sql.zst.pgp", 5, false));

    assertThat(new String(ManifestJson.write(withGlobals), StandardCharsets.UTF_8))
        .contains("\"globals\" : {").contains("\"passwords\" : false");
    assertThat(ManifestJson.read(ManifestJson.write(withGlobals))).isEqualTo(withGlobals);
    assertThat(ManifestJson.read(ManifestJson.write(MANIFEST)).globals()).as("older backups have none").isNull();
  }

  @Test
  void roundTripsTheWalRangeOfABaseBackup() {
    Manifest base = new Manifest(Manifest.FORMAT_VERSION, "20250301T010000Z-3c4d", "main", "pg-base", null,
        Instant.parse("2025-03-01T01:00:30Z"),
        new Manifest.RecoveryPoint(Instant.parse("2025-03-01T01:00:20.000001Z"), "0/3000100"), Map.of(), 1, 1,
        List.of(new Manifest.StoredObject("base.tar.zst.pgp", 1, 1, "cd".repeat(32))),
        new Manifest.Encryption("openpgp", List.of("F00D"), "BEEF"), null, null, Map.of(), null,
        new Manifest.WalRange(1, "0/2000028", "0/3000100", "000000010000000000000002", "000000010000000000000003",
            Instant.parse("2025-03-01T01:00:00Z"), Instant.parse("2025-03-01T01:00:20.000001Z"), 16L << 20));

    assertThat(ManifestJson.read(ManifestJson.write(base))).isEqualTo(base);
    assertThat(ManifestJson.read(ManifestJson.write(MANIFEST)).wal()).as("other kinds have none").isNull();
  }

  @Test
  void writesIsoInstantsSortedMapsAndNoNulls() {
    String json = new String(ManifestJson.write(MANIFEST), StandardCharsets.UTF_8);

    assertThat(json)
        .contains("\"createdAt\" : \"2025-03-01T01:00:30Z\"")
        .contains("\"time\" : \"2025-03-01T01:00:00.123456Z\"")
        .containsSubsequence("\"lifeboat\"", "\"pg_dump\"")
        .doesNotContain("parentBackupId")
        .doesNotContain("null");
  }

  @Test
  void ignoresFieldsAddedByLaterVersions() {
    String json = "{\"formatVersion\": 2, \"backupId\": \"b1\", \"addedLater\": {\"x\": 1}}";

    Manifest manifest = ManifestJson.read(json.getBytes(StandardCharsets.UTF_8));

    assertThat(manifest.formatVersion()).isEqualTo(2);
    assertThat(manifest.backupId()).isEqualTo("b1");
  }

  @Test
  void refusesWhatIsNotAManifest() {
    assertThatThrownBy(() -> ManifestJson.read("[1, 2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a Lifeboat manifest: ");
  }
}
