package io.lifeboat.workflows.restore;

import io.temporal.activity.ActivityInterface;

/** Runs that must not overlap: a restore refuses to start while its target is being changed. */
@ActivityInterface
public interface OverlapActivities {
  /**
   * Refuses (non-retryable {@code TargetBusy}), naming the runs, while a backup or another restore
   * of {@code target} is in progress; {@code workflowId} is the run asking.
   */
  void refuseOverlappingRuns(String target, String workflowId);
}
