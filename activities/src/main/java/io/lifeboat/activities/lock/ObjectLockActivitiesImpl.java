package io.lifeboat.activities.lock;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.storage.ObjectLock;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.lock.LockReport;
import io.lifeboat.workflows.lock.ObjectLockActivities;
import io.lifeboat.workflows.replication.ReadSource;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;

/**
 * Object Lock against the primary bucket: reads back each object's retention, and sets S3 legal
 * holds. Every object of a backup counts: its data objects, the manifest and its signature.
 */
public class ObjectLockActivitiesImpl implements ObjectLockActivities {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectLockActivitiesImpl.class);

  private final Catalog catalog;
  private final ObjectStore store;
  private final StoredBackups stored;

  public ObjectLockActivitiesImpl(Catalog catalog, ObjectStore store, StoredBackups stored) {
    this.catalog = catalog;
    this.store = store;
    this.stored = stored;
  }

  @Override
  public LockReport checkLock(String backupId) {
    Optional<ObjectLock> configured = store.lock();
    if (configured.isEmpty()) {
      return LockReport.notChecked("storage.objectLock is not configured");
    }
    ReadSource source = stored.source(backupId);
    if (!source.location().equals(ReadSource.PRIMARY)) {
      return LockReport.notChecked("the backup is read from off-site copy " + source.location());
    }
    BackupEntry backup = backup(backupId);
    ObjectLock lock = configured.get();
    Instant required = backup.recoveryPoint().plus(lock.retention()).minusSeconds(1);
    List<String> problems = new ArrayList<>();
    Instant earliest = null;
    Instant latest = null;
    try (Heartbeat heartbeat = Heartbeat.start("check-lock-" + backupId)) {
      for (String key : keys(backup)) {
        Optional<ObjectLockRetention> retention = store.retention(key);
        heartbeat.add(1);
        if (retention.isEmpty()) {
          problems.add(name(key) + ": no Object Lock retention (is Object Lock enabled on s3://" + store.bucket() + "?)");
        } else if (!retention.get().modeAsString().equals(lock.mode().toString())) {
          problems.add(name(key) + ": locked in " + retention.get().modeAsString() + " mode, not " + lock.mode());
        } else if (retention.get().retainUntilDate().isBefore(required)) {
          problems.add(name(key) + ": locked only until " + retention.get().retainUntilDate() + ", not "
              + lock.retention().toDays() + " days after the recovery point (" + required.plusSeconds(1) + ")");
        } else {
          Instant until = retention.get().retainUntilDate();
          earliest = earliest == null || until.isBefore(earliest) ? until : earliest;
          latest = latest == null || until.isAfter(latest) ? until : latest;
        }
      }
    }
    if (problems.isEmpty()) {
      catalog.recordLock(backupId, latest); // retention keeps the backup until its last object may go
    } else {
      LOG.error("backup {} is not immutable: {}", backupId, problems);
    }
    return new LockReport(true, null, keys(backup).size(), problems.isEmpty() ? earliest : null, List.copyOf(problems));
  }

  @Override
  public int applyLegalHold(String backupId, boolean hold) {
    if (store.lock().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("an S3 legal hold needs Object Lock: set storage.objectLock (on"
          + " a bucket created with Object Lock enabled); the catalog's hold still keeps retention off backup "
          + backupId, FailureTypes.BAD_REQUEST);
    }
    List<String> keys = keys(backup(backupId));
    try (Heartbeat heartbeat = Heartbeat.start("legal-hold-" + backupId)) {
      for (String key : keys) {
        store.legalHold(key, hold);
        heartbeat.add(1);
      }
    }
    LOG.info("S3 legal hold {} on the {} objects of backup {}", hold ? "placed" : "released", keys.size(), backupId);
    return keys.size();
  }

  private static List<String> keys(BackupEntry backup) {
    List<String> keys = new ArrayList<>();
    for (Manifest.StoredObject object : backup.objects()) {
      keys.add(BackupStore.objectKey(backup.manifestKey(), object.name()));
    }
    keys.add(backup.manifestKey() + ".sig");
    keys.add(backup.manifestKey());
    return keys;
  }

  private static String name(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  private BackupEntry backup(String backupId) {
    return catalog.findBackup(backupId).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("backup "
        + backupId + " is not in the catalog; `lifeboat backups` lists known backups", FailureTypes.BACKUP_NOT_FOUND));
  }
}
