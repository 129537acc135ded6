package io.lifeboat.workflows.cluster;

import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.common.RunLedger;
import io.lifeboat.workflows.cluster.ArchiveCheckWorkflow;
import io.lifeboat.workflows.cluster.ArchiveReport;
import io.lifeboat.workflows.cluster.PostgresClusterActivities;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepTracker;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

/** List the archive → report it; a gap fails the run (type {@code WalGap}) naming the missing segments. */
public class ArchiveCheckWorkflowImpl implements ArchiveCheckWorkflow {
  private final PostgresClusterActivities clusters =
      Workflow.newActivityStub(PostgresClusterActivities.class, ActivityDefaults.streaming());
  private final StepTracker steps = new StepTracker("VERIFY", "list");

  @Override
  public ArchiveReport check(String target) {
    RunLedger run = RunLedger.start(RunType.VERIFY, target, null, null, "WAL archive check");
    try {
      ArchiveReport report = steps.run("list", () -> clusters.checkArchive(target), ArchiveReport::summary);
      if (!report.gaps().isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure("the WAL archive of target " + target + " misses segments: "
            + String.join(", ", report.gaps()) + "; a recovery cannot replay past the first gap. Take a new base"
            + " backup (lifeboat backup " + target + ") so recoveries after it are whole again", FailureTypes.WAL_GAP);
      }
      run.completed();
      steps.finished();
      return report;
    } catch (RuntimeException e) {
      steps.failed();
      run.failed(e);
      throw e;
    }
  }

  @Override
  public RunProgress progress() {
    return steps.progress();
  }
}
