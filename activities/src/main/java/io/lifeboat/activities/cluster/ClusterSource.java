package io.lifeboat.activities.cluster;

import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.sources.BackupSelector;
import io.lifeboat.activities.sources.Source;
import io.lifeboat.activities.wal.WalArchives;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.cluster.PointInTimeRequest;
import io.lifeboat.workflows.cluster.RecoveredServer;
import io.lifeboat.workflows.cluster.RecoveryPlan;
import io.lifeboat.workflows.cluster.RecoveryTarget;
import io.lifeboat.workflows.cluster.ScratchServer;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A whole PostgreSQL cluster: base backups ({@code pg_basebackup}) with the WAL archive the
 * worker's receiver keeps. Its restore is a point-in-time recovery into a new data directory
 * ({@code lifeboat recover}), which has its own workflow; its test restore recovers a base backup into
 * a scratch server up to the point where it is consistent.
 */
public final class ClusterSource implements Source {
  private final ClusterTargets targets;
  private final Catalog catalog;
  private final BaseBackups baseBackups;
  private final Recoveries recoveries;

  public ClusterSource(ClusterTargets targets, Catalog catalog, BackupStore backups, StoredBackups stored,
      ArtifactWriter writer, WalArchives archives, Manifest.Encryption encryption, Map<String, String> tools) {
    this.targets = targets;
    this.catalog = catalog;
    this.baseBackups = new BaseBackups(targets, backups, stored, writer, archives.primary(), encryption,
        tools);
    this.recoveries = new Recoveries(targets, catalog, stored, new ArchiveChecks(archives));
  }

  @Override
  public String targetKind() {
    return SourceKinds.POSTGRES_CLUSTER;
  }

  @Override
  public Set<String> backupKinds() {
    return Set.of(SourceKinds.PG_BASE);
  }

  @Override
  public SourceBackupResult backup(SourceBackupRequest request) {
    if (request.safety()) {
      throw notRestoredHere(request.target());
    }
    return baseBackups.backup(request);
  }

  @Override
  public ResolvedBackup resolve(TargetRef source, String selector) {
    ClusterTarget target = targets.get(source.target());
    return BackupSelector.resolve(catalog, source.target(), SourceKinds.PG_BASE, selector, target.rpo(), target.rto());
  }

  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    return baseBackups.check(backupId);
  }

  @Override
  public DestinationState inspect(Destination destination) {
    if (destination.server() != null) {
      throw ApplicationFailure.newNonRetryableFailure("target " + destination.target() + " is a PostgreSQL cluster,"
          + " which is not restored onto another server (" + destination.server() + "): it is recovered into a new"
          + " data directory on the machine that runs it: `lifeboat recover " + destination.target()
          + " --to-time INSTANT --into-directory DIR --port PORT` there; nothing was changed", FailureTypes.BAD_REQUEST);
    }
    throw notRestoredHere(destination.target());
  }

  @Override
  public Staged restoreStaged(String backupId, Destination destination, String runToken) {
    throw notRestoredHere(destination.target());
  }

  @Override
  public Comparison compare(String backupId, Destination destination, Staged staged) {
    throw notRestoredHere(destination.target());
  }

  @Override
  public Committed commit(String backupId, Destination destination, Staged staged, String runToken) {
    throw notRestoredHere(destination.target());
  }

  @Override
  public void rollback(Destination destination, Committed committed) {
    throw notRestoredHere(destination.target());
  }

  @Override
  public void discardStaged(Destination destination, String runToken) {
    throw notRestoredHere(destination.target());
  }

  @Override
  public void dropReplaced(Destination destination, Committed committed) {
    throw notRestoredHere(destination.target());
  }

  /**
   * Recovers the base backup, with the archived WAL it needs, into a scratch server up to the point
   * where it is consistent, and checks that every database answers; the scratch server is stopped
   * and deleted whatever happens.
   */
  @Override
  public TestRestoreReport testRestore(String backupId) {
    ScratchServer scratch = recoveries.scratch(backupId);
    PointInTimeRequest recovery = new PointInTimeRequest(scratch.target(), RecoveryTarget.lsn(scratch.endLsn()),
        backupId, scratch.dataDirectory(), scratch.port(), null, "verification");
    try {
      RecoveryPlan plan;
      try (Heartbeat heartbeat = Heartbeat.start("plan-recovery")) {
        plan = recoveries.plan(recovery);
      }
      recoveries.fetch(recovery, plan);
      recoveries.start(recovery, plan);
      RecoveredServer server = recoveries.await(recovery, plan);
      return new TestRestoreReport(new Comparison("databases", server.databases(), List.of()),
          "recovered into " + scratch.dataDirectory() + " up to " + server.lsn() + "; " + server.databases()
              + " databases answer; the scratch server is stopped and removed");
    } finally {
      recoveries.remove(scratch);
    }
  }

  private static ApplicationFailure notRestoredHere(String target) {
    return ApplicationFailure.newNonRetryableFailure("target " + target + " is a PostgreSQL cluster: it is restored"
        + " to a point in time into a new data directory: `lifeboat recover " + target
        + " --to-time INSTANT --into-directory DIR --port PORT`",
        FailureTypes.BAD_REQUEST);
  }
}
