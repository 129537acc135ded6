package io.lifeboat.activities.runs;

import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.restore.OverlapActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/** A restore's check that nothing else changes its target meanwhile. */
public class OverlapActivitiesImpl implements OverlapActivities {
  private final RunningRuns runs;

  public OverlapActivitiesImpl(RunningRuns runs) {
    this.runs = runs;
  }

  @Override
  public void refuseOverlappingRuns(String target, String workflowId) {
    List<String> others = runs.changing(target, workflowId);
    if (!others.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("target " + target + " is being changed by " + String.join(", ",
          others) + "; nothing was changed. Wait for it to end (`lifeboat runs`) or cancel it, then restore again",
          FailureTypes.TARGET_BUSY);
    }
  }
}
