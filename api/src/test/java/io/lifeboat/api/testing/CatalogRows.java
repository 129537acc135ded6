package io.lifeboat.api.testing;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Backups indexed straight into a test catalog, as the worker's catalog activity would. */
public final class CatalogRows {
  private CatalogRows() {}

  public static void backup(Catalog catalog, String backupId, String target, Instant recoveryPoint) {
    Manifest manifest =
        new Manifest(
            Manifest.FORMAT_VERSION,
            backupId,
            target,
            "postgres",
            target,
            recoveryPoint,
            new Manifest.RecoveryPoint(recoveryPoint, null),
            Map.of("pg_dump", "15.13"),
            1_000,
            400,
            List.of(new Manifest.StoredObject("dump.zst.pgp", 1_000, 400, "ab".repeat(32))),
            new Manifest.Encryption("openpgp", List.of("FINGERPRINT"), "SIGNER"),
            null,
            new Manifest.WorkflowRun("backup:" + target, "run-" + backupId),
            Map.of());
    String folder = manifest.folder();
    catalog.recordBackup(manifest, folder + Manifest.FILE_NAME, "cd".repeat(32));
  }
}
