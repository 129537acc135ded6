package io.lifeboat.workflows.impl;

import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.backup.CatalogActivities.RunRecord;
import io.lifeboat.workflows.backup.PostgresDumpActivities;
import io.lifeboat.workflows.backup.PostgresDumpActivities.DumpRequest;
import io.lifeboat.workflows.backup.PostgresDumpActivities.DumpResult;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepTracker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Instant;

/** Dump → store (zstd, OpenPGP, SHA-256, signed manifest) → index in the catalog. */
public class BackupWorkflowImpl implements BackupWorkflow {
  private final PostgresDumpActivities dump =
      Workflow.newActivityStub(PostgresDumpActivities.class, ActivityDefaults.streaming());
  private final CatalogActivities catalog =
      Workflow.newActivityStub(CatalogActivities.class, ActivityDefaults.quick());
  private final StepTracker steps = new StepTracker("BACKUP", "dump", "index");

  @Override
  public BackupResult backup(BackupRequest request) {
    WorkflowInfo info = Workflow.getInfo();
    Instant startedAt = StepTracker.now();
    String backupId = BackupIds.next();
    RunRecord running = new RunRecord(info.getWorkflowId(), info.getRunId(), "BACKUP", request.target(),
        backupId, "RUNNING", startedAt, null, null, null, null, null, request.requestedBy(), request.reason(), null);
    catalog.recordRun(running);
    try {
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
