package io.lifeboat.api.testing;

import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepTracker;
import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.TestRestoreReport;
import java.util.List;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Stand-ins for the worker's workflows, implementing the same contracts with one fixed
 * behaviour each, so API tests see every state a run can be in without dumping a database:
 * a backup that stays running, a verification that passes, a restore that is refused.
 */
public final class FakeWorkflows {
  private FakeWorkflows() {}

  /** Runs its "dump" step for a day: RUNNING until the test terminates it. */
  public static final class HoldingBackup implements BackupWorkflow {
    private final StepTracker steps = new StepTracker("BACKUP", "dump", "index");

    @Override
    public BackupResult backup(BackupRequest request) {
      return steps.run("dump", () -> {
        Workflow.sleep(Duration.ofDays(1));
        return null;
      }, ignored -> "dumped");
    }

    @Override
    public RunProgress progress() {
      return steps.progress();
    }
  }

  /** Passes at once, as if every object and table checked out. */
  public static final class PassingVerify implements VerifyWorkflow {
    private final StepTracker steps = new StepTracker("VERIFY", "integrity", "test-restore");

    @Override
    public VerifyResult verify(VerifyRequest request) {
      steps.run("integrity", () -> {}, "3 objects");
      if (request.testRestore()) {
        steps.run("test-restore", () -> {}, "4 tables, 1000 rows equal");
      } else {
        steps.skip("test-restore", "not asked for");
      }
      steps.finished();
      return new VerifyResult(request.backupId(), 3, 12,
          request.testRestore()
              ? new TestRestoreReport(new Comparison("tables", 4, List.of()), "4 tables, 1000 rows equal") : null, StepTracker.now(), ReadSource.primary());
    }

    @Override
    public RunProgress progress() {
      return steps.progress();
    }
  }

  /** Refuses like the real one does for a non-empty database without {@code replace}. */
  public static final class RefusingRestore implements RestoreWorkflow {
    private final StepTracker steps = new StepTracker("RESTORE", "identify", "restore");

    @Override
    public RestoreResult restore(RestoreRequest request) {
      steps.run("identify", () -> {}, request.backup());
      return steps.run("restore", () -> {
        throw ApplicationFailure.newNonRetryableFailure(
            "database " + request.into() + " is not empty", FailureTypes.DESTINATION_NOT_EMPTY);
      }, ignored -> "restored");
    }

    @Override
    public RunProgress progress() {
      return steps.progress();
    }

    @Override
    public List<io.lifeboat.workflows.runbook.SignalRecord> decisions() {
      return List.of(); // it refuses before any approval is asked for
    }

    @Override
    public void approve(io.lifeboat.workflows.runbook.Decision decision) {}

    @Override
    public void reject(io.lifeboat.workflows.runbook.Decision decision) {}

    @Override
    public void override(io.lifeboat.workflows.runbook.Decision decision) {}
  }

  /** The catalog activities a runbook run calls to record itself; the API tests read Temporal, not this. */
  public static final class UnrecordedCatalog implements CatalogActivities {
    @Override
    public void recordBackup(String manifestKey) {}

    @Override
    public void markVerified(String backupId, java.time.Instant verifiedAt) {}

    @Override
    public void recordRun(RunRecord run) {}
  }
}
