package io.lifeboat.workflows.backup;

import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.common.RunLedger;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.RunAttributes;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepTracker;
import io.lifeboat.workflows.replication.ReplicationActivities;
import io.lifeboat.workflows.replication.ReplicationRequest;
import io.lifeboat.workflows.replication.ReplicationWorkflow;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.TargetRef;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Instant;
import java.util.List;

/**
 * Before hook → back up (stream → zstd → OpenPGP → SHA-256 → signed manifest) → after hook → index
 * in the catalog → start the copy to the off-site locations that take every new backup. The same
 * steps for every kind of source.
 */
public class BackupWorkflowImpl implements BackupWorkflow {
  /** A cancelled run waits for the backup to have stopped: the after hook must not run beside it. */
  private final SourceActivities sources = Workflow.newActivityStub(SourceActivities.class,
      ActivityOptions.newBuilder(ActivityDefaults.streaming())
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED).build());
  private final CatalogActivities catalog =
      Workflow.newActivityStub(CatalogActivities.class, ActivityDefaults.quick());
  private final ReplicationActivities replication =
      Workflow.newActivityStub(ReplicationActivities.class, ActivityDefaults.quick());
  private final SourceActivities quick =
      Workflow.newActivityStub(SourceActivities.class, ActivityDefaults.quick());
  private final StepTracker steps =
      new StepTracker("BACKUP", "before-hook", "backup", "after-hook", "index", "replicate");

  @Override
  public BackupResult backup(BackupRequest request) {
    WorkflowInfo info = Workflow.getInfo();
    String backupId = BackupIds.next();
    RunLedger run = RunLedger.start(RunType.BACKUP, request.target(), backupId, request.requestedBy(),
        request.reason());
    try {
      RunAttributes.kind(quick.targetKind(request.target()));
      TargetRef source = new TargetRef(request.target(), request.schema());
      SourceBackupRequest backup = new SourceBackupRequest(source, backupId, info.getWorkflowId(), info.getRunId(),
          request.safety() ? new Destination(source, null) : null);
      BackupHooks hooks = BackupHooks.of(request, steps);
      SourceBackupResult stored = hooks.around("backup",
          () -> steps.run("backup", () -> sources.backup(backup), SourceBackupResult::describe));
      // The backup is good whatever its after hook did: indexed and copied before that fails the run.
      run.warnings(stored.warnings());
      steps.run("index", () -> catalog.recordBackup(stored.manifestKey()), stored.manifestKey());
      replicate(request, backupId);
      hooks.throwIfAfterHookFailed();
      Instant endedAt = StepTracker.now();
      run.completed();
      steps.finished();
      return new BackupResult(backupId, request.target(), stored.kind(), stored.recoveryPoint(), stored.rawBytes(),
          stored.storedBytes(), stored.manifestKey(), endedAt.toEpochMilli() - run.startedAt().toEpochMilli());
    } catch (RuntimeException e) {
      steps.failed();
      run.failed(e);
      throw e;
    }
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
}
