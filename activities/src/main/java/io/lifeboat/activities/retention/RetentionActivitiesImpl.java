package io.lifeboat.activities.retention;

import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.metrics.RunOutcomes;
import io.lifeboat.activities.replication.CopyLocations;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.wal.WalArchive;
import io.lifeboat.activities.wal.WalFileName;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.CopyEntry;
import io.lifeboat.catalog.RetentionCandidate;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.retention.BackupFacts;
import io.lifeboat.workflows.retention.RetentionActivities;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import io.lifeboat.activities.runs.RunningRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention against the catalog, the bucket and the off-site copies. A deletion is idempotent
 * steps: mark the backup DELETING in the catalog (refused under hold or lock), delete each
 * off-site copy's objects manifest first and mark that copy DELETED, delete the primary's objects
 * manifest first, mark the backup DELETED. Repeating any prefix of them, after a crash, ends in
 * the same state.
 */
public class RetentionActivitiesImpl implements RetentionActivities {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionActivitiesImpl.class);

  private final Catalog catalog;
  private final ObjectStore store;
  private final CopyLocations copies;
  private final RetentionPolicies policies;
  private final BackupStore backups;
  private final WalArchive wal;
  private final Clock clock;
  private final RunningRuns runs;
  private final RunOutcomes outcomes;

  public RetentionActivitiesImpl(Catalog catalog, ObjectStore store, CopyLocations copies, RetentionPolicies policies,
      BackupStore backups, WalArchive wal, Clock clock, RunningRuns runs, RunOutcomes outcomes) {
    this.catalog = catalog;
    this.store = store;
    this.copies = copies;
    this.policies = policies;
    this.backups = backups;
    this.wal = wal;
    this.clock = clock;
    this.runs = runs;
    this.outcomes = outcomes;
  }

  @Override
  public Candidates candidates(String target) {
    if (!policies.declares(target)) {
      throw ApplicationFailure.newNonRetryableFailure("no target named '" + target
          + "' — add it under 'targets:' in the configuration", FailureTypes.UNKNOWN_TARGET);
    }
    List<BackupFacts> live = new ArrayList<>();
    List<String> interrupted = new ArrayList<>();
    for (RetentionCandidate c : catalog.retentionCandidates(target)) {
      BackupEntry b = c.backup();
      if (b.status() == BackupEntry.Status.DELETING) {
        interrupted.add(b.backupId());
      } else {
        live.add(new BackupFacts(b.backupId(), b.kind(), b.recoveryPoint(), b.verifiedAt() != null,
            b.parentBackupId() == null ? List.of() : List.of(b.parentBackupId()), c.legalHold(), c.lockedUntil(),
            b.schema()));
      }
    }
    return new Candidates(policies.of(target).orElse(null), live, interrupted);
  }

  @Override
  public Deletion deleteBackup(String backupId) {
    Optional<RetentionCandidate> found = catalog.findRetentionCandidate(backupId);
    if (found.isEmpty()) {
      return new Deletion(backupId, 0, null); // not in the catalog (rebuilt since the plan): nothing to do
    }
    RetentionCandidate candidate = found.get();
    BackupEntry backup = candidate.backup();
    Instant now = clock.instant();
    switch (backup.status()) {
      case DELETED:
        return new Deletion(backupId, 0, null);
      case FAILED:
        return new Deletion(backupId, 0, "status FAILED: not a retention candidate");
      case COMPLETED:
        if (candidate.legalHold()) {
          return refused(backupId, "legal hold");
        }
        if (candidate.lockedAt(now)) {
          return refused(backupId, "object lock until " + candidate.lockedUntil());
        }
        List<String> readers = runs.reading(backupId);
        if (!readers.isEmpty()) {
          return refused(backupId, "read by " + String.join(", ", readers) + " now; the next retention run deletes it");
        }
        if (!catalog.markDeleting(backupId, now)) {
          return refused(backupId, "held, locked or changed since the plan");
        }
        break;
      case DELETING:
        break; // an earlier attempt began: finish it
    }
    Consumer<Integer> progress = count -> Activity.getExecutionContext().heartbeat(count);
    int deleted = deleteCopies(backup, progress);
    deleted += deleteObjects(store, backup.manifestKey(), backup.objects(), progress);
    if (catalog.markDeleted(backupId, now)) { // false when a retry finishes what an attempt already marked
      outcomes.retentionDeleted(backup.target());
    }
    LOG.info("retention deleted backup {} of {} ({} objects, off-site copies included)", backupId, backup.target(),
        deleted);
    return new Deletion(backupId, deleted, null);
  }

  @Override
  public WalPruning pruneWal(String target, List<String> deleting, boolean dryRun) {
    // Newest first: the last one left is the oldest base backup kept.
    Optional<BackupEntry> oldest = catalog.retentionCandidates(target).stream().map(RetentionCandidate::backup)
        .filter(b -> b.status() == BackupEntry.Status.COMPLETED && SourceKinds.PG_BASE.equals(b.kind())
            && !deleting.contains(b.backupId()))
        .reduce((newer, older) -> older);
    if (oldest.isEmpty()) {
      return new WalPruning(null, 0, "no base backup kept: all archived WAL kept");
    }
    Manifest.WalRange range = backups.readManifest(oldest.get().manifestKey()).manifest().wal();
    WalFileName keepFrom = range == null ? null : WalFileName.parse(range.startSegment()).orElse(null);
    if (keepFrom == null) {
      return new WalPruning(null, 0, "base backup " + oldest.get().backupId() + " records no WAL start: all kept");
    }
    Instant lockedAfter = store.lock().map(lock -> clock.instant().minus(lock.retention())).orElse(null);
    int files = wal.prune(target, keepFrom, lockedAfter, dryRun, n -> Activity.getExecutionContext().heartbeat(n));
    if (files > 0 && !dryRun) {
      LOG.info("retention deleted {} archived WAL files of {} before {}, the start of base backup {}", files, target,
          keepFrom, oldest.get().backupId());
    }
    return new WalPruning(keepFrom.name(), files, null);
  }

  /**
   * Each off-site copy goes before the primary, and its catalog row says DELETED only once its
   * objects are gone. A copy at a location no longer configured cannot be reached: its row stays
   * (it still exists) and the operator is told.
   */
  private int deleteCopies(BackupEntry backup, Consumer<Integer> progress) {
    int deleted = 0;
    for (CopyEntry copy : catalog.copiesOf(backup.backupId())) {
      if (copy.status() == CopyEntry.Status.DELETED) {
        continue;
      }
      ObjectStore location = copies.store(copy.location()).orElse(null);
      if (location == null) {
        LOG.warn("backup {} has a copy at {} (s3://{}/{}), a location no longer under storage.copies: delete it by"
            + " hand", backup.backupId(), copy.location(), copy.bucket(), copy.manifestKey());
        continue;
      }
      deleted += deleteObjects(location, copy.manifestKey(), backup.objects(), progress);
      catalog.recordCopy(new CopyEntry(copy.backupId(), copy.location(), copy.bucket(), copy.manifestKey(),
          CopyEntry.Status.DELETED, copy.copiedAt(), clock.instant(), null));
    }
    return deleted;
  }

  /**
   * The manifest and its signature go first: a folder without a manifest is incomplete by the
   * storage format's contract, so a half-deleted backup is never mistaken for a restorable one.
   */
  private static int deleteObjects(ObjectStore from, String manifestKey, List<Manifest.StoredObject> objects,
      Consumer<Integer> progress) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add(manifestKey);
    keys.add(manifestKey + ".sig");
    for (Manifest.StoredObject object : objects) {
      keys.add(BackupStore.objectKey(manifestKey, object.name()));
    }
    // Anything else in the folder (a part of an aborted upload, a later addition to the format).
    String folder = manifestKey.substring(0, manifestKey.length() - Manifest.FILE_NAME.length());
    keys.addAll(from.list(folder));
    int count = 0;
    for (String key : keys) {
      from.delete(key);
      progress.accept(++count);
    }
    return count;
  }

  private static Deletion refused(String backupId, String why) {
    LOG.warn("retention kept backup {}: {}", backupId, why);
    return new Deletion(backupId, 0, why);
  }
}
