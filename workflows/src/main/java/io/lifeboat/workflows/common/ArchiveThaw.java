package io.lifeboat.workflows.common;

import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.StepTracker;
import io.lifeboat.workflows.tiers.StorageTierActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * Makes a backup in an archive storage class readable before anything reads it: asks S3 to
 * restore its objects, then waits durably (a timer, not a worker thread) with checks that back
 * off from one minute to one hour; archive restores take minutes to two days.
 */
public final class ArchiveThaw {
  static final Duration FIRST_CHECK = Duration.ofMinutes(1);
  static final Duration LONGEST_WAIT = Duration.ofHours(1);
  static final Duration GIVE_UP_AFTER = Duration.ofHours(72);

  private final StorageTierActivities tiers =
      Workflow.newActivityStub(StorageTierActivities.class, ActivityDefaults.quick());

  /** What it did, for the step's line. */
  public String ensureReadable(String backupId) {
    if (tiers.requestThaw(backupId)) {
      return "every object readable";
    }
    Instant asked = StepTracker.now();
    Duration wait = FIRST_CHECK;
    while (true) {
      Workflow.sleep(wait);
      Duration waited = Duration.between(asked, StepTracker.now());
      if (tiers.thawed(backupId)) {
        return "restored from the archive storage class after " + waited.toMinutes() + " min";
      }
      if (waited.compareTo(GIVE_UP_AFTER) >= 0) {
        throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " is in an archive storage class and"
            + " S3 has not restored it after " + waited.toHours() + " h; check its RestoreObject requests in the"
            + " bucket, then run this again (nothing was changed)", FailureTypes.BACKUP_NOT_FOUND);
      }
      wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
    }
  }
}
