package io.lifeboat.activities.backup;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.IntegrityException;
import io.lifeboat.activities.artifact.WrongKeyException;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.storage.ObjectMissingException;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/**
 * Finds a backup by id (through the catalog) and streams its objects back out of storage,
 * turning storage and crypto problems into typed, non-retryable failures with the fix in words.
 */
public final class StoredBackups {
  private final Catalog catalog;
  private final BackupStore store;
  private final ArtifactReader reader;

  public StoredBackups(Catalog catalog, BackupStore store, ArtifactReader reader) {
    this.catalog = catalog;
    this.store = store;
    this.reader = reader;
  }

  /** The signed manifest of a backup; fails when it is unknown, missing or its signature is bad. */
  public SignedManifest manifest(String backupId) {
    BackupEntry entry = catalog.findBackup(backupId).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "backup " + backupId + " is not in the catalog; `lifeboat backups` lists known backups and "
            + "`lifeboat catalog rebuild` re-indexes the bucket", FailureTypes.BACKUP_NOT_FOUND));
    return store.readManifest(entry.manifestKey());
  }

  /** Streams one object, decrypted and decompressed, into {@code sink}; returns raw bytes. */
  public long read(SignedManifest signed, Manifest.StoredObject object, OutputStream sink, LongConsumer progress) {
    String key = signed.objectKey(object.name());
    try {
      return reader.read(key, object.sha256(), sink, progress);
    } catch (IntegrityException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.INTEGRITY);
    } catch (WrongKeyException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.WRONG_KEY);
    } catch (ObjectMissingException e) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + signed.manifest().backupId() + " is incomplete: "
          + e.getMessage() + "; restore another backup or the off-site copy", FailureTypes.INTEGRITY);
    }
  }
}
