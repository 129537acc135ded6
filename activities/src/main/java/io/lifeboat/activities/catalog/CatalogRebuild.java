package io.lifeboat.activities.catalog;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.BucketHistory;
import io.lifeboat.catalog.BucketRecords;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.CopyEntry;
import io.lifeboat.catalog.DrillEntry;
import io.lifeboat.catalog.ManifestWithKey;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.manifest.Manifest;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Re-creates the catalog from the bucket, the source of truth: the backup index from the signed
 * manifests (only those whose signature checks out; the others are reported, never trusted), then
 * the history kept under {@code _lifeboat/} (runs, the audit trail, verifications, off-site
 * copies, drill reports). A copy a location holds without a record of it (its record was lost, or it was made by
 * hand) is found by listing the location's manifests. Rebuilding twice gives the same catalog.
 */
public final class CatalogRebuild {
  private final BackupStore store;
  private final Catalog catalog;
  private final Map<String, ObjectStore> copyLocations;

  public CatalogRebuild(BackupStore store, Catalog catalog) {
    this(store, catalog, Map.of());
  }

  /** @param copyLocations the off-site locations by name, as under {@code storage.copies} */
  public CatalogRebuild(BackupStore store, Catalog catalog, Map<String, ObjectStore> copyLocations) {
    this.store = store;
    this.catalog = catalog;
    this.copyLocations = copyLocations;
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
    Set<String> backupIds = new HashSet<>();
    indexed.forEach(m -> backupIds.add(m.manifest().backupId()));
    recordLocks(indexed);

    ObjectStore bucket = store.objects();
    List<String> unreadable = new ArrayList<>();
    List<RunEntry> runs = records(bucket, BucketRecords.RUNS, BucketRecords::readRun, unreadable);
    AuditChain.Read audit = AuditChain.read(bucket);
    Map<String, Instant> verified = new HashMap<>();
    for (BucketRecords.Verification v : records(bucket, BucketRecords.VERIFICATIONS, BucketRecords::readVerification,
        unreadable)) {
      verified.merge(v.backupId(), v.verifiedAt(), (a, b) -> a.isAfter(b) ? a : b);
    }
    List<CopyEntry> copies = new ArrayList<>(records(bucket, BucketRecords.COPIES, BucketRecords::readCopy,
        unreadable));
    int rediscovered = rediscoverCopies(copies, backupIds);
    List<String> auditConflicts = catalog.restoreHistory(new BucketHistory(runs, audit.events(), verified, copies));
    List<DrillEntry> drills = DrillReportIndex.entries(bucket, unreadable);
    drills.forEach(catalog::recordDrill);
    return new Result(indexed.size(), rejected, runs.size(), audit.events().size() - auditConflicts.size(),
        verified.size(),
        (int) copies.stream().filter(c -> backupIds.contains(c.backupId())).map(c -> c.backupId() + " " + c.location())
            .distinct().count(),
        rediscovered, drills.size(), audit.problems(), auditConflicts, unreadable);
  }

  /** With Object Lock on, the lock of each backup's manifest, as S3 reports it (as when it was indexed). */
  private void recordLocks(List<ManifestWithKey> indexed) {
    if (store.objects().lock().isEmpty()) {
      return;
    }
    for (ManifestWithKey m : indexed) {
      store.objects().retention(m.manifestKey())
          .ifPresent(r -> catalog.recordLock(m.manifest().backupId(), r.retainUntilDate()));
    }
  }

  /** Copies found at a location with no record of them: COPIED as of the copy's manifest's time, to be checked. */
  private int rediscoverCopies(List<CopyEntry> copies, Set<String> backupIds) {
    Set<String> known = new HashSet<>();
    copies.forEach(c -> known.add(c.backupId() + "\n" + c.location()));
    int found = 0;
    for (Map.Entry<String, ObjectStore> location : copyLocations.entrySet()) {
      ObjectStore at = location.getValue();
      for (ObjectStore.ObjectInfo manifest : at.listInfo(at.key(""))) {
        if (!manifest.key().endsWith("/" + Manifest.FILE_NAME)) {
          continue;
        }
        String folder = manifest.key().substring(0, manifest.key().length() - Manifest.FILE_NAME.length() - 1);
        String backupId = folder.substring(folder.lastIndexOf('/') + 1);
        if (backupIds.contains(backupId) && known.add(backupId + "\n" + location.getKey())) {
          Instant at0 = BucketRecords.micros(manifest.lastModified());
          copies.add(new CopyEntry(backupId, location.getKey(), at.bucket(), manifest.key(), CopyEntry.Status.COPIED,
              at0, at0, null));
          found++;
        }
      }
    }
    return found;
  }

  private static <T> List<T> records(ObjectStore bucket, String under, Function<byte[], T> read,
      List<String> unreadable) {
    List<T> records = new ArrayList<>();
    for (String key : bucket.list(bucket.key(under))) {
      try {
        records.add(read.apply(bucket.get(key)));
      } catch (IllegalArgumentException e) {
        unreadable.add(key + ": " + e.getMessage());
      }
    }
    return records;
  }

  /**
   * What the catalog holds now, and what was left out with why.
   *
   * @param indexed backups indexed
   * @param rejected manifests left out: their signature does not check out
   * @param copies off-site copies of indexed backups
   * @param rediscoveredCopies of those, found by listing a location (no record of them)
   * @param drills drills indexed from their reports
   * @param auditEvents audit events restored (or already in the catalog as the bucket has them)
   * @param auditProblems breaks in the audit trail's hash chain (the events are restored all the same)
   * @param auditConflicts the bucket's audit events left out: the catalog holds a different event under that number
   * @param unreadable records under {@code _lifeboat/} that are not Lifeboat records
   */
  public record Result(int indexed, List<String> rejected, int runs, int auditEvents, int verifiedBackups,
      int copies, int rediscoveredCopies, int drills, List<String> auditProblems, List<String> auditConflicts,
      List<String> unreadable) {}
}
