package io.lifeboat.workflows.impl;

import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.backup.CatalogActivities.RunRecord;
import io.lifeboat.workflows.backup.PostgresDumpActivities;
import io.lifeboat.workflows.backup.PostgresDumpActivities.DumpRequest;
import io.lifeboat.workflows.backup.PostgresDumpActivities.DumpResult;
import io.lifeboat.workflows.cluster.ClusterActivities;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepTracker;
import io.lifeboat.workflows.files.FileSetActivities;
import io.lifeboat.workflows.redis.RedisActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Instant;

/** Dump → store (zstd, OpenPGP, SHA-256, signed manifest) → index in the catalog. */
public class BackupWorkflowImpl implements BackupWorkflow {
  private final PostgresDumpActivities dump =
      Workflow.newActivityStub(PostgresDumpActivities.class, ActivityDefaults.streaming());
  private final CatalogActivities catalog =
      Workflow.newActivityStub(CatalogActivities.class, ActivityDefaults.quick());
  private final FileSetActivities files =
      Workflow.newActivityStub(FileSetActivities.class, ActivityDefaults.streaming());
  private final RedisActivities redis =
      Workflow.newActivityStub(RedisActivities.class, ActivityDefaults.streaming());
  private final ClusterActivities clusters =
      Workflow.newActivityStub(ClusterActivities.class, ActivityDefaults.streaming());
  private final SourceKindSwitch kinds = new SourceKindSwitch();
  private StepTracker steps = new StepTracker("BACKUP", "dump", "index");

  @Override
  public BackupResult backup(BackupRequest request) {
    WorkflowInfo info = Workflow.getInfo();
    Instant startedAt = StepTracker.now();
    String backupId = BackupIds.next();
    RunRecord running = new RunRecord(info.getWorkflowId(), info.getRunId(), "BACKUP", request.target(),
        backupId, "RUNNING", startedAt, null, null, null, null, null, request.requestedBy(), request.reason(), null);
    catalog.recordRun(running);
    try {
      String kind = kinds.ofTarget(request.target());
      if (!kind.equals(SourceKinds.POSTGRES)) {
        BackupResult result = copySource(kind, request, backupId, info, startedAt);
        catalog.recordRun(withEnd(running, "COMPLETED", StepTracker.now(), null));
        steps.finished();
        return result;
      }
      DumpResult dumped = steps.run("dump",
          () -> dump.dumpToStorage(new DumpRequest(request.target(), null, backupId,
              PostgresDumpActivities.KIND, info.getWorkflowId(), info.getRunId())),
          r -> r.rawBytes() + " bytes from " + r.tables() + " tables, " + r.storedBytes() + " stored");
      steps.run("index", () -> catalog.recordBackup(dumped.manifestKey()), dumped.manifestKey());
      Instant endedAt = StepTracker.now();
      catalog.recordRun(withEnd(running, "COMPLETED", endedAt, null));
      steps.finished();
      return new BackupResult(backupId, request.target(), PostgresDumpActivities.KIND, dumped.recoveryPoint(),
          dumped.rawBytes(), dumped.storedBytes(), dumped.manifestKey(),
          endedAt.toEpochMilli() - startedAt.toEpochMilli());
    } catch (RuntimeException e) {
      steps.failed();
      catalog.recordRun(withEnd(running, "FAILED", StepTracker.now(), Failures.message(e)));
      throw e;
    }
  }

  /** Copy → index, for every source other than a PostgreSQL database. */
  private BackupResult copySource(String kind, BackupRequest request, String backupId, WorkflowInfo info,
      Instant startedAt) {
    steps = new StepTracker("BACKUP", "copy", "index");
    SourceBackupRequest copy = new SourceBackupRequest(request.target(), backupId, info.getWorkflowId(), info.getRunId());
    boolean configKind = kind.equals(SourceKinds.CONFIG) && kinds.configKind();
    SourceBackupResult copied = steps.run("copy", () -> switch (kind) {
      case SourceKinds.FILES -> files.backupFiles(copy);
      case SourceKinds.CONFIG -> {
        if (!configKind) {
          throw ApplicationFailure.newNonRetryableFailure("target " + request.target() + " is of kind " + kind
              + ", which this worker cannot back up", FailureTypes.BAD_REQUEST);
        }
        yield files.backupFiles(copy);
      }
      case SourceKinds.REDIS -> {
        Workflow.getVersion("redis-source", Workflow.DEFAULT_VERSION, 1);
        yield redis.backupRedis(copy);
      }
      case SourceKinds.POSTGRES_CLUSTER -> {
        Workflow.getVersion("postgres-cluster-source", Workflow.DEFAULT_VERSION, 1);
        yield clusters.backupCluster(copy);
      }
      default -> throw ApplicationFailure.newNonRetryableFailure("target " + request.target() + " is of kind " + kind
          + ", which this worker cannot back up", FailureTypes.BAD_REQUEST);
    }, r -> r.summary() + "; " + r.storedBytes() + " bytes stored"
        + (r.parentBackupId() == null ? "" : ", the rest referenced from " + r.parentBackupId())
        + (r.warnings().isEmpty() ? "" : "; WARNINGS: " + String.join("; ", r.warnings()))
        + (r.changes() == null || r.changes().isEmpty() || !kind.equals(SourceKinds.CONFIG) ? ""
            : "; CHANGES: " + String.join("; ", r.changes())));
    steps.run("index", () -> catalog.recordBackup(copied.manifestKey()), copied.manifestKey());
    String storedKind = kind.equals(SourceKinds.POSTGRES_CLUSTER) ? ClusterActivities.BASE_KIND : kind;
    return new BackupResult(backupId, request.target(), storedKind, copied.recoveryPoint(), copied.rawBytes(),
        copied.storedBytes(), copied.manifestKey(), StepTracker.now().toEpochMilli() - startedAt.toEpochMilli());
  }

  @Override
  public RunProgress progress() {
    return steps.progress();
  }

  static RunRecord withEnd(RunRecord run, String status, Instant endedAt, String error) {
    return new RunRecord(run.workflowId(), run.runId(), run.type(), run.target(), run.backupId(), status,
        run.startedAt(), endedAt, run.achievedRpoMillis(), run.achievedRtoMillis(), run.rpoObjectiveMillis(),
        run.rtoObjectiveMillis(), run.requestedBy(), run.reason(), error);
  }
}
