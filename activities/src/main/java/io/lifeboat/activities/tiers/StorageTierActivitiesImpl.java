package io.lifeboat.activities.tiers;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.ObjectStore.ObjectState;
import io.lifeboat.activities.storage.StorageTiers;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.tiers.StorageTierActivities;
import io.temporal.failure.ApplicationFailure;
import io.lifeboat.activities.runs.RunningRuns;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Storage classes against the primary bucket. A backup's age counts from its recovery point; its
 * class is what S3 reports for its data objects (HeadObject), so nothing here can disagree with
 * the bucket. Manifests and signatures are never moved: they stay readable at once. Off-site
 * copies keep their location's default class: a backup read from a copy needs no thaw.
 */
public class StorageTierActivitiesImpl implements StorageTierActivities {
  private static final Logger LOG = LoggerFactory.getLogger(StorageTierActivitiesImpl.class);
  /** How long S3 keeps a restored copy of an archived object readable. */
  static final int RESTORED_DAYS = 7;

  private final Catalog catalog;
  private final ObjectStore store;
  private final StorageTiers tiers;
  private final StoredBackups stored;
  private final Clock clock;
  private final RunningRuns runs;

  public StorageTierActivitiesImpl(Catalog catalog, ObjectStore store, StorageTiers tiers, StoredBackups stored,
      Clock clock, RunningRuns runs) {
    this.catalog = catalog;
    this.store = store;
    this.tiers = tiers;
    this.stored = stored;
    this.clock = clock;
    this.runs = runs;
  }

  @Override
  public List<String> dueForTransition(String target) {
    List<String> due = new ArrayList<>();
    if (tiers.tiers().isEmpty()) {
      return due;
    }
    for (var candidate : catalog.retentionCandidates(target)) {
      BackupEntry backup = candidate.backup();
      if (backup.schema() != null) {
        continue; // storage tiers move the target's own backups; tenant backups stay in their upload class
      }
      Optional<StorageClass> wanted = wanted(backup);
      List<String> keys = dataKeys(backup);
      if (backup.status() == BackupEntry.Status.COMPLETED && wanted.isPresent() && !keys.isEmpty()
          && StorageTiers.colder(wanted.get(), store.state(keys.get(0)).storageClass())) {
        due.add(backup.backupId());
      }
    }
    return due;
  }

  @Override
  public TierChange transition(String backupId) {
    BackupEntry backup = backup(backupId);
    Optional<StorageClass> wanted = wanted(backup);
    if (wanted.isEmpty() || !runs.reading(backupId).isEmpty()) {
      return new TierChange(backupId, null, 0); // a backup being read moves on the next run
    }
    int moved = 0;
    try (Heartbeat heartbeat = Heartbeat.start("tier-" + backupId)) {
      for (String key : dataKeys(backup)) {
        ObjectState state = store.state(key);
        if (StorageTiers.colder(wanted.get(), state.storageClass())) {
          store.changeClass(key, wanted.get(), state.size());
          heartbeat.add(state.size());
          moved++;
        }
      }
    }
    LOG.info("backup {}: {} objects moved to {}", backupId, moved, wanted.get());
    return new TierChange(backupId, wanted.get().toString(), moved);
  }

  @Override
  public boolean requestThaw(String backupId) {
    if (readFromCopy(backupId)) {
      return true;
    }
    boolean readable = true;
    for (String key : dataKeys(backup(backupId))) {
      ObjectState state = store.state(key);
      if (state.readable()) {
        continue;
      }
      readable = false;
      if (state.restore() == null) {
        store.requestRestore(key, RESTORED_DAYS);
        LOG.info("asked S3 to restore {} from {}", key, state.storageClass());
      }
    }
    return readable;
  }

  @Override
  public boolean thawed(String backupId) {
    return readFromCopy(backupId) || dataKeys(backup(backupId)).stream().allMatch(key -> store.state(key).readable());
  }

  private boolean readFromCopy(String backupId) {
    return !stored.source(backupId).location().equals(ReadSource.PRIMARY);
  }

  private Optional<StorageClass> wanted(BackupEntry backup) {
    return tiers.classAt(Duration.between(backup.recoveryPoint(), clock.instant()));
  }

  private static List<String> dataKeys(BackupEntry backup) {
    List<String> keys = new ArrayList<>();
    for (Manifest.StoredObject object : backup.objects()) {
      keys.add(BackupStore.objectKey(backup.manifestKey(), object.name()));
    }
    return keys;
  }

  private BackupEntry backup(String backupId) {
    return catalog.findBackup(backupId).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("backup "
        + backupId + " is not in the catalog; `lifeboat backups` lists known backups", FailureTypes.BACKUP_NOT_FOUND));
  }
}
