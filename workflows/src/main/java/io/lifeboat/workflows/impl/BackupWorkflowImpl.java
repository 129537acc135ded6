package io.lifeboat.workflows.impl;

import io.lifeboat.workflows.common.RunAttributes;
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
import io.lifeboat.workflows.replication.ReplicationActivities;
import io.lifeboat.workflows.replication.ReplicationRequest;
import io.lifeboat.workflows.replication.ReplicationWorkflow;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Instant;
import java.util.List;

/**
 * Dump → store (zstd, OpenPGP, SHA-256, signed manifest) → index in the catalog → start the copy
 * to the off-site locations that take every new backup.
 */
public class BackupWorkflowImpl implements BackupWorkflow {
  private final PostgresDumpActivities dump =
      Workflow.newActivityStub(PostgresDumpActivities.class, ActivityDefaults.streaming());
  private final CatalogActivities catalog =
      Workflow.newActivityStub(CatalogActivities.class, ActivityDefaults.quick());
  private final FileSetActivities files =
      Workflow.newActivityStub(FileSetActivities.class, ActivityDefaults.streaming());
  private final RedisActivities redis =
      Workflow.newActivityStub(RedisActivities.class, ActivityDefaults.streaming());
  private final ReplicationActivities replication =
      Workflow.newActivityStub(ReplicationActivities.class, ActivityDefaults.quick());
  private final ClusterActivities clusters =
      Workflow.newActivityStub(ClusterActivities.class, ActivityDefaults.streaming());
  private final SourceKindSwitch kinds = new SourceKindSwitch();
  private StepTracker steps = new StepTracker("BACKUP", "dump", "index", "replicate");

  @Override
  public BackupResult backup(BackupRequest request) {
    WorkflowInfo info = Workflow.getInfo();
    Instant startedAt = StepTracker.now();
    String backupId = BackupIds.next();
    RunAttributes.started("BACKUP", request.target(), request.requestedBy());
    RunAttributes.backup(backupId);
    RunRecord running = new RunRecord(info.getWorkflowId(), info.getRunId(), "BACKUP", request.target(),
        backupId, "RUNNING", startedAt, null, null, null, null, null, request.requestedBy(), request.reason(), null);
    catalog.recordRun(running);
    try {
      String kind = kinds.ofTarget(request.target());
      RunAttributes.kind(kind);
      if (request.schema() != null && !kind.equals(SourceKinds.POSTGRES)) {
        throw ApplicationFailure.newNonRetryableFailure("target " + request.target() + " is of kind " + kind
            + "; only PostgreSQL targets have schemas to back up one by one: leave out the schema",
            FailureTypes.BAD_REQUEST);
      }
      if (!kind.equals(SourceKinds.POSTGRES)) {
        BackupResult result = copySource(kind, request, backupId, info, startedAt);
        replicate(request, backupId);
        catalog.recordRun(withEnd(running, "COMPLETED", StepTracker.now(), null));
        steps.finished();
        return result;
      }
      String dumpKind = request.safety()
          ? (request.schema() == null ? PostgresDumpActivities.SAFETY_KIND : PostgresDumpActivities.SCHEMA_SAFETY_KIND)
          : request.schema() == null ? PostgresDumpActivities.KIND : PostgresDumpActivities.SCHEMA_KIND;
      DumpResult dumped = steps.run("dump",
          () -> dump.dumpToStorage(new DumpRequest(request.target(), null, backupId,
              dumpKind, info.getWorkflowId(), info.getRunId(), request.schema())),
          r -> r.rawBytes() + " bytes from " + r.tables() + " tables"
              + (request.schema() == null ? "" : " of schema " + request.schema()) + ", " + r.storedBytes() + " stored");
      steps.run("index", () -> catalog.recordBackup(dumped.manifestKey()), dumped.manifestKey());
      replicate(request, backupId);
      Instant endedAt = StepTracker.now();
      catalog.recordRun(withEnd(running, "COMPLETED", endedAt, null));
      steps.finished();
      return new BackupResult(backupId, request.target(), dumpKind, dumped.recoveryPoint(),
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
    steps = new StepTracker("BACKUP", "copy", "index", "replicate");
    SourceBackupRequest copy = new SourceBackupRequest(io.lifeboat.workflows.sources.TargetRef.of(request.target()), backupId,
        info.getWorkflowId(), info.getRunId(), null);
    SourceBackupResult copied = steps.run("copy", () -> switch (kind) {
      case SourceKinds.FILES -> files.backupFiles(copy);
      case SourceKinds.CONFIG -> files.backupFiles(copy);
      case SourceKinds.REDIS -> redis.backupRedis(copy);
      case SourceKinds.POSTGRES_CLUSTER -> clusters.backupCluster(copy);
      default -> throw ApplicationFailure.newNonRetryableFailure("target " + request.target() + " is of kind " + kind
          + ", which this worker cannot back up", FailureTypes.BAD_REQUEST);
    }, r -> r.summary() + "; " + r.storedBytes() + " bytes stored"
        + (r.parentBackupId() == null ? "" : ", the rest referenced from " + r.parentBackupId())
        + (r.warnings().isEmpty() ? "" : "; WARNINGS: " + String.join("; ", r.warnings()))
        + (r.changes() == null || r.changes().isEmpty() || !kind.equals(SourceKinds.CONFIG) ? ""
            : "; CHANGES: " + String.join("; ", r.changes())));
    steps.run("index", () -> catalog.recordBackup(copied.manifestKey()), copied.manifestKey());
    String storedKind = SourceKinds.backupKindOf(kind);
    return new BackupResult(backupId, request.target(), storedKind, copied.recoveryPoint(), copied.rawBytes(),
        copied.storedBytes(), copied.manifestKey(), StepTracker.now().toEpochMilli() - startedAt.toEpochMilli());
  }

  /**
   * Starts the off-site copy as a child that outlives this run: the backup is complete and usable
   * without it, and a copy that fails (or finds corruption) says so in its own run and the catalog.
   */
  private void replicate(BackupRequest request, String backupId) {
    List<String> locations = replication.locationsAfterBackup(request.target());
    if (locations.isEmpty()) {
      steps.skip("replicate", "no off-site location takes each backup of " + request.target());
      return;
    }
    String workflowId = ReplicationWorkflow.workflowId(backupId);
    steps.run("replicate", () -> {
      ReplicationWorkflow copy = Workflow.newChildWorkflowStub(ReplicationWorkflow.class,
          ChildWorkflowOptions.newBuilder()
              .setWorkflowId(workflowId)
              .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
              .build());
      Async.function(copy::replicate, new ReplicationRequest(backupId, false, request.requestedBy(), locations));
      Workflow.getWorkflowExecution(copy).get();
    }, "copying to " + String.join(", ", locations) + " in " + workflowId);
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
