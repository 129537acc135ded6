package io.lifeboat.activities.retention;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention against the catalog and the bucket. A deletion is three idempotent steps: mark the
 * backup DELETING in the catalog (refused under hold or lock), delete its objects manifest first,
 * mark it DELETED. Repeating any prefix of them, after a crash, ends in the same state.
 */
public class RetentionActivitiesImpl implements RetentionActivities {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionActivitiesImpl.class);

  private final Catalog catalog;
  private final ObjectStore store;
  private final RetentionPolicies policies;
  private final Clock clock;

  public RetentionActivitiesImpl(Catalog catalog, ObjectStore store, RetentionPolicies policies, Clock clock) {
    this.catalog = catalog;
    this.store = store;
    this.policies = policies;
    this.clock = clock;
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
            b.parentBackupId() == null ? List.of() : List.of(b.parentBackupId()), c.legalHold(), c.lockedUntil()));
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
        if (!catalog.markDeleting(backupId, now)) {
          return refused(backupId, "held, locked or changed since the plan");
        }
        break;
      case DELETING:
        break; // an earlier attempt began: finish it
    }
    int deleted = deleteObjects(backup, count -> Activity.getExecutionContext().heartbeat(count));
    catalog.markDeleted(backupId, now);
    LOG.info("retention deleted backup {} of {} ({} objects)", backupId, backup.target(), deleted);
    return new Deletion(backupId, deleted, null);
  }

  /**
   * The manifest and its signature go first: a folder without a manifest is incomplete by the
   * storage format's contract, so a half-deleted backup is never mistaken for a restorable one.
   */
  int deleteObjects(BackupEntry backup, Consumer<Integer> progress) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add(backup.manifestKey());
    keys.add(backup.manifestKey() + ".sig");
    for (Manifest.StoredObject object : backup.objects()) {
      keys.add(BackupStore.objectKey(backup.manifestKey(), object.name()));
    }
    // Anything else in the folder (a part of an aborted upload, a later addition to the format).
    String folder = backup.manifestKey().substring(0, backup.manifestKey().length() - Manifest.FILE_NAME.length());
    keys.addAll(store.list(folder));
    int count = 0;
    for (String key : keys) {
      store.delete(key);
      progress.accept(++count);
    }
    return count;
  }

  private static Deletion refused(String backupId, String why) {
    LOG.warn("retention kept backup {}: {}", backupId, why);
    return new Deletion(backupId, 0, why);
  }
}
