package io.lifeboat.workflows.runbook;

import io.temporal.activity.ActivityInterface;

/** Checks that recovered components serve again. */
@ActivityInterface
public interface CheckActivities {
  /**
   * Repeats the check until it passes (heartbeating meanwhile) and says what it saw; fails with
   * type {@link #HEALTH_CHECK_FAILED} and the last observation when the deadline passes.
   */
  String healthCheck(HealthCheck check);

  String HEALTH_CHECK_FAILED = "HealthCheckFailed";
}
