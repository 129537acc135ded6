package io.lifeboat.activities.cluster;

import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.wal.WalArchive;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.cluster.ArchiveReport;
import io.lifeboat.workflows.cluster.ClusterActivities;
import io.lifeboat.workflows.cluster.PointInTimeRequest;
import io.lifeboat.workflows.cluster.RecoveredServer;
import io.lifeboat.workflows.cluster.ScratchServer;
import io.lifeboat.workflows.cluster.RecoveryPlan;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.verify.VerifyActivities.IntegrityReport;
import java.util.Map;

/** The cluster activities: base backups, archive checks and point-in-time recoveries. */
public class ClusterActivitiesImpl implements ClusterActivities {
  private final BaseBackups baseBackups;
  private final ArchiveChecks archiveChecks;
  private final Recoveries recoveries;

  public ClusterActivitiesImpl(ClusterTargets targets, Catalog catalog, BackupStore backups, StoredBackups stored,
      ArtifactWriter writer, WalArchive archive, Manifest.Encryption encryption, Map<String, String> tools) {
    this.baseBackups = new BaseBackups(targets, backups, stored, writer, archive, encryption, tools);
    this.archiveChecks = new ArchiveChecks(archive);
    this.recoveries = new Recoveries(targets, catalog, stored, archiveChecks);
  }

  @Override
  public SourceBackupResult backupCluster(SourceBackupRequest request) {
    return baseBackups.backup(request);
  }

  @Override
  public IntegrityReport checkBaseBackup(String backupId) {
    return baseBackups.check(backupId);
  }

  @Override
  public ArchiveReport checkArchive(String target) {
    try (Heartbeat heartbeat = Heartbeat.start("archive-check")) {
      return archiveChecks.check(target);
    }
  }

  @Override
  public RecoveryPlan planRecovery(PointInTimeRequest request) {
    try (Heartbeat heartbeat = Heartbeat.start("plan-recovery")) {
      return recoveries.plan(request);
    }
  }

  @Override
  public void fetchBaseBackup(PointInTimeRequest request, RecoveryPlan plan) {
    recoveries.fetch(request, plan);
  }

  @Override
  public void startRecovery(PointInTimeRequest request, RecoveryPlan plan) {
    recoveries.start(request, plan);
  }

  @Override
  public ScratchServer scratchServer(String backupId) {
    return recoveries.scratch(backupId);
  }

  @Override
  public void removeScratchServer(ScratchServer scratch) {
    recoveries.remove(scratch);
  }

  @Override
  public RecoveredServer awaitRecovery(PointInTimeRequest request, RecoveryPlan plan) {
    return recoveries.await(request, plan);
  }
}
