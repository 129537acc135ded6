package io.lifeboat.workflows.orchestration;

import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.retention.BackupFacts;
import io.lifeboat.workflows.retention.RetentionActivities;
import io.lifeboat.workflows.retention.RetentionPolicy;
import io.lifeboat.workflows.tiers.StorageTierActivities;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A target's backups in memory, behind the retention and catalog activities. Deleting is
 * idempotent as the real activity is; {@link #crashOnDeletion} makes one deletion die half-way
 * (the object is gone, the activity never reported back), as a worker killed mid-delete would.
 */
final class FakeRetentionSite implements RetentionActivities, CatalogActivities, StorageTierActivities {
  final Map<String, BackupFacts> backups = new ConcurrentHashMap<>();
  final List<String> interrupted = new CopyOnWriteArrayList<>();
  final List<String> deleteCalls = new CopyOnWriteArrayList<>();
  final List<String> deleted = new CopyOnWriteArrayList<>();
  final List<RunRecord> runs = new CopyOnWriteArrayList<>();
  final List<String> dueForColder = new CopyOnWriteArrayList<>();
  final List<String> transitioned = new CopyOnWriteArrayList<>();
  final List<String> pruneCalls = new CopyOnWriteArrayList<>();
  volatile RetentionPolicy policy = new RetentionPolicy(2, 0, 0, 0, 0, 0, null, List.of());
  volatile int crashOnDeletion = -1;
  private final AtomicBoolean crashed = new AtomicBoolean();

  void add(String id, String at, boolean verified) {
    backups.put(id, new BackupFacts(id, "pg-dump", Instant.parse(at), verified, List.of(), false, null));
  }

  /** A backup of one tenant schema of the target ({@code pg-schema}). */
  void addTenant(String id, String schema, String at, boolean verified) {
    backups.put(id, new BackupFacts(id, "pg-schema", Instant.parse(at), verified, List.of(), false, null, schema));
  }

  @Override
  public Candidates candidates(String target) {
    return new Candidates(policy, new ArrayList<>(backups.values()), List.copyOf(interrupted));
  }

  @Override
  public Deletion deleteBackup(String backupId) {
    deleteCalls.add(backupId);
    boolean present = backups.remove(backupId) != null | interrupted.remove(backupId);
    if (present) {
      deleted.add(backupId);
    }
    if (deleteCalls.size() == crashOnDeletion && crashed.compareAndSet(false, true)) {
      throw new IllegalStateException("worker killed while deleting " + backupId);
    }
    return new Deletion(backupId, present ? 3 : 0, null);
  }

  @Override
  public WalPruning pruneWal(String target, List<String> deleting, boolean dryRun) {
    pruneCalls.add(target + (dryRun ? " dry run" : "") + " deleting " + deleting);
    return new WalPruning(null, 0, "no base backup kept: all archived WAL kept");
  }

  @Override
  public void recordBackup(String manifestKey) {}

  @Override
  public void markVerified(String backupId, Instant verifiedAt) {}

  @Override
  public void recordRun(RunRecord run) {
    runs.add(run);
  }

  @Override
  public List<String> dueForTransition(String target) {
    return dueForColder.stream().filter(backups::containsKey).toList();
  }

  @Override
  public TierChange transition(String backupId) {
    transitioned.add(backupId);
    return new TierChange(backupId, "GLACIER", 1);
  }

  @Override
  public boolean requestThaw(String backupId) {
    return true;
  }

  @Override
  public boolean thawed(String backupId) {
    return true;
  }
}
