package io.lifeboat.activities.catalog;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ManifestWithKey;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-creates the catalog's backup index from the bucket, the source of truth. Only manifests
 * whose signature checks out are indexed; the others are reported, never trusted.
 */
public final class CatalogRebuild {
  private final BackupStore store;
  private final Catalog catalog;

  public CatalogRebuild(BackupStore store, Catalog catalog) {
    this.store = store;
    this.catalog = catalog;
  }

  public Result run() {
    List<ManifestWithKey> indexed = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    for (String key : store.manifestKeys()) {
      try {
        SignedManifest signed = store.readManifest(key);
        indexed.add(new ManifestWithKey(signed.manifest(), signed.key(), signed.sha256()));
      } catch (ApplicationFailure e) {
        rejected.add(key + ": " + e.getOriginalMessage());
      }
    }
    catalog.replaceBackupIndex(indexed);
    return new Result(indexed.size(), rejected);
  }

  /** How many backups the index now holds, and the manifests left out with why. */
  public record Result(int indexed, List<String> rejected) {}
}
