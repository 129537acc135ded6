package io.lifeboat.catalog;

import io.lifeboat.manifest.Manifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Manifests as a PostgreSQL backup writes them, varying only what the tests look at. */
final class TestManifests {
  private TestManifests() {}

  static Manifest postgres(String backupId, String target, Instant recoveryPoint) {
    return new Manifest(
        Manifest.FORMAT_VERSION,
        backupId,
        target,
        "postgres",
        target + "_db",
        recoveryPoint.plusSeconds(30),
        new Manifest.RecoveryPoint(recoveryPoint, "0/16B3748"),
        Map.of("pg_dump", "15.13"),
        1_000_000,
        250_000,
        List.of(
            new Manifest.StoredObject("dump.zst.pgp", 1_000_000, 250_000, "ab".repeat(32))),
        new Manifest.Encryption("openpgp", List.of("F00D"), "BEEF"),
        null,
        new Manifest.WorkflowRun("backup:" + target + ":" + recoveryPoint, "run-" + backupId),
        Map.of("public.orders", 42L));
  }

  /** A tenant backup: {@code pg_dump --schema} of one schema of the target. */
  static Manifest schema(String backupId, String target, String kind, String schema, Instant recoveryPoint) {
    Manifest whole = postgres(backupId, target, recoveryPoint);
    return new Manifest(whole.formatVersion(), backupId, target, kind, whole.database(), whole.createdAt(),
        whole.recoveryPoint(), whole.tools(), whole.rawBytes(), whole.storedBytes(), whole.objects(),
        whole.encryption(), null, whole.workflow(), Map.of(schema + ".orders", 42L), schema, null);
  }

  static ManifestWithKey withKey(Manifest manifest) {
    return new ManifestWithKey(manifest, manifestKey(manifest), "cd".repeat(32));
  }

  static String manifestKey(Manifest manifest) {
    return "prod/" + manifest.folder() + Manifest.FILE_NAME;
  }
}
