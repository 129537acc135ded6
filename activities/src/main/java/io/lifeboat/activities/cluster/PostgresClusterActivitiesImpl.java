package io.lifeboat.activities.cluster;

import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.wal.WalArchives;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.workflows.cluster.ArchiveReport;
import io.lifeboat.workflows.cluster.PostgresClusterActivities;
import io.lifeboat.workflows.cluster.PointInTimeRequest;
import io.lifeboat.workflows.cluster.RecoveredServer;
import io.lifeboat.workflows.cluster.RecoveryPlan;

/** The cluster activities: archive checks and point-in-time recoveries (base backups are its {@link ClusterSource}). */
public class PostgresClusterActivitiesImpl implements PostgresClusterActivities {
  private final ArchiveChecks archiveChecks;
  private final Recoveries recoveries;

  public PostgresClusterActivitiesImpl(ClusterTargets targets, Catalog catalog, StoredBackups stored,
      WalArchives archives) {
    this.archiveChecks = new ArchiveChecks(archives);
    this.recoveries = new Recoveries(targets, catalog, stored, archiveChecks);
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
  public RecoveredServer awaitRecovery(PointInTimeRequest request, RecoveryPlan plan) {
    return recoveries.await(request, plan);
  }
}
