package io.lifeboat.activities.backup;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.IntegrityException;
import io.lifeboat.activities.artifact.WrongKeyException;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.storage.ObjectMissingException;
import io.lifeboat.activities.storage.StorageException;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.CopyEntry;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.replication.ReadSource;
import io.temporal.failure.ApplicationFailure;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a backup by id (through the catalog) and streams its objects back out of storage,
 * turning storage and crypto problems into typed, non-retryable failures with the fix in words.
 *
 * <p>Reads go to the primary bucket unless it is unreachable, lacks an object of the backup, has
 * a manifest whose signature fails, or was found corrupt earlier (recorded in the catalog): then
 * they go to the first off-site copy the catalog knows as intact, and say so.
 */
public final class StoredBackups {
  private static final Logger LOG = LoggerFactory.getLogger(StoredBackups.class);

  private final Catalog catalog;
  private final Location primary;
  private final Map<String, Location> copies = new LinkedHashMap<>();

  /** Reads from the primary bucket only. */
  public StoredBackups(Catalog catalog, BackupStore store, ArtifactReader reader) {
    this(catalog, new Location(store, reader), List.of());
  }

  /** {@code copies}: the off-site locations, each a {@link BackupStore#copyAt} with its reader. */
  public StoredBackups(Catalog catalog, Location primary, List<Location> copies) {
    this.catalog = catalog;
    this.primary = primary;
    copies.forEach(c -> this.copies.put(c.name(), c));
  }

  /** A place backups can be read from. */
  public record Location(BackupStore store, ArtifactReader reader) {
    String name() {
      return store.location();
    }
  }

  /**
   * The signed manifest of a backup, from the primary or, failing that, an intact off-site copy;
   * fails when it is unknown, or missing or bad everywhere.
   */
  public SignedManifest manifest(String backupId) {
    return locate(backupId).manifest();
  }

  /** The signed manifest of backup {@code backupId}, which must be of storage kind {@code kind}. */
  public SignedManifest manifest(String backupId, String kind) {
    SignedManifest signed = manifest(backupId);
    if (!kind.equals(signed.manifest().kind())) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " is of kind " + signed.manifest().kind()
          + ", not " + kind + "; give a backup of this target (`lifeboat backups --target T` lists them)",
          FailureTypes.BAD_REQUEST);
    }
    return signed;
  }

  /**
   * The signed manifest of backup {@code backupId}, which {@code by} (a backup of the same target and
   * kind) references: an incremental file-set backup's earlier packs. Checked against the catalog
   * like any; without a catalog (reading by manifest alone), read beside {@code by} and checked to be
   * of the same target and kind.
   */
  public SignedManifest referenced(SignedManifest by, String backupId) {
    Manifest child = by.manifest();
    SignedManifest found;
    if (catalog != null) {
      found = manifest(backupId);
    } else {
      BackupStore store = (by.location() == null ? primary : copies.get(by.location())).store();
      found = store.readManifest(store.manifestKey(child.target(), child.kind(), backupId));
    }
    Manifest parent = found.manifest();
    if (!backupId.equals(parent.backupId()) || !child.target().equals(parent.target())
        || !child.kind().equals(parent.kind())) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + child.backupId() + " references backup " + backupId
          + " of target " + child.target() + " (" + child.kind() + "), but its manifest names backup "
          + parent.backupId() + " of target " + parent.target() + " (" + parent.kind() + "): it was replaced in"
          + " the bucket; restore the off-site copy or another backup", FailureTypes.INTEGRITY);
    }
    return found;
  }

  /** Where reads of a backup go now, and why not to the primary when they do not. */
  public ReadSource source(String backupId) {
    Located found = locate(backupId);
    return new ReadSource(found.manifest().location() == null ? ReadSource.PRIMARY : found.manifest().location(),
        found.primaryProblem());
  }

  /** Streams one object, decrypted and decompressed, into {@code sink}; returns raw bytes. */
  public long read(SignedManifest signed, Manifest.StoredObject object, OutputStream sink, LongConsumer progress) {
    String key = signed.objectKey(object.name());
    String backupId = signed.manifest().backupId();
    Location from = signed.location() == null ? primary : copies.get(signed.location());
    try {
      return from.reader().read(key, object.sha256(), sink, progress);
    } catch (IntegrityException e) {
      if (signed.location() == null && hasIntactCopy(backupId)) {
        catalog.markPrimaryDamaged(backupId, e.getMessage());
        throw retryFromCopy(backupId, e.getMessage());
      }
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.INTEGRITY);
    } catch (WrongKeyException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.WRONG_KEY);
    } catch (ObjectMissingException e) {
      if (signed.location() == null && hasIntactCopy(backupId)) {
        throw retryFromCopy(backupId, e.getMessage()); // the next attempt finds it missing up front
      }
      throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " is incomplete: "
          + e.getMessage() + "; restore another backup or the off-site copy", FailureTypes.INTEGRITY);
    }
  }

  private Located locate(String backupId) {
    BackupEntry entry = catalog.findBackup(backupId).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "backup " + backupId + " is not in the catalog; `lifeboat backups` lists known backups and "
            + "`lifeboat catalog rebuild` re-indexes the bucket", FailureTypes.BACKUP_NOT_FOUND));
    RecordedManifest recorded = new RecordedManifest(entry.backupId(), entry.target(), entry.kind(),
        entry.manifestSha256());
    Optional<String> damage = catalog.primaryDamage(backupId);
    RuntimeException primaryFailure = null;
    String problem;
    if (damage.isPresent()) {
      problem = "found corrupt earlier: " + damage.get();
    } else {
      try {
        return new Located(complete(primary, entry.manifestKey(), recorded), null);
      } catch (StorageException | ApplicationFailure e) {
        if (copies.isEmpty()) {
          throw e;
        }
        primaryFailure = e;
        problem = e instanceof ApplicationFailure a ? a.getOriginalMessage() : e.getMessage();
      }
    }
    List<String> tried = new ArrayList<>();
    for (CopyEntry copy : catalog.copiesOf(backupId)) {
      Location location = copies.get(copy.location());
      if (copy.status() != CopyEntry.Status.COPIED || location == null) {
        continue;
      }
      try {
        SignedManifest signed = complete(location, copy.manifestKey(), recorded);
        LOG.warn("backup {}: reading the off-site copy at {}, not the primary bucket ({})", backupId,
            copy.location(), problem);
        return new Located(signed, problem);
      } catch (StorageException | ApplicationFailure e) {
        tried.add(copy.location() + ": " + (e instanceof ApplicationFailure a ? a.getOriginalMessage() : e.getMessage()));
      }
    }
    String copiesSaid = tried.isEmpty() ? "no intact off-site copy is recorded (`lifeboat` replicates after each"
        + " backup to storage.copies)" : "the off-site copies failed too: " + String.join("; ", tried);
    if (primaryFailure instanceof StorageException storage) {
      throw new StorageException(storage.getMessage() + "; " + copiesSaid, storage);
    }
    throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " cannot be read from the primary bucket ("
        + problem + ") and " + copiesSaid, FailureTypes.INTEGRITY);
  }

  /**
   * The signed manifest at {@code location}, once it is the one {@code recorded} and every object it
   * lists is there.
   */
  private static SignedManifest complete(Location location, String manifestKey, RecordedManifest recorded) {
    SignedManifest signed = recorded.check(location.store().readManifest(manifestKey),
        "s3://" + location.store().objects().bucket() + "/" + manifestKey);
    for (Manifest.StoredObject object : signed.manifest().objects()) {
      String key = signed.objectKey(object.name());
      if (!location.store().objects().exists(key)) {
        throw ApplicationFailure.newNonRetryableFailure("backup " + signed.manifest().backupId() + " is incomplete: no"
            + " object at s3://" + location.store().objects().bucket() + "/" + key, FailureTypes.INTEGRITY);
      }
    }
    return signed;
  }

  private boolean hasIntactCopy(String backupId) {
    return catalog != null && catalog.copiesOf(backupId).stream()
        .anyMatch(c -> c.status() == CopyEntry.Status.COPIED && copies.containsKey(c.location()));
  }

  /** Retryable: the next attempt of the activity finds the primary damaged and reads the copy. */
  private static ApplicationFailure retryFromCopy(String backupId, String why) {
    return ApplicationFailure.newFailure("backup " + backupId + " is damaged in the primary bucket (" + why
        + "); the next attempt reads the intact off-site copy", FailureTypes.PRIMARY_DAMAGED);
  }

  private record Located(SignedManifest manifest, String primaryProblem) {}
}
