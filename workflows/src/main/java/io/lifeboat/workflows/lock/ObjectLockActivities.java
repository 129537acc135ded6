package io.lifeboat.workflows.lock;

import io.temporal.activity.ActivityInterface;

/** S3 Object Lock on a backup's objects in the primary bucket. Both methods are idempotent. */
@ActivityInterface
public interface ObjectLockActivities {
  /**
   * Reads every object's retention (GetObjectRetention): each must be locked in the configured
   * mode until at least the recovery point plus the configured days. Checks nothing when
   * storage.objectLock is not configured, or when reads of the backup go to an off-site copy.
   */
  LockReport checkLock(String backupId);

  /** Places (PutObjectLegalHold ON) or releases (OFF) the S3 legal hold of every object; returns how many. */
  int applyLegalHold(String backupId, boolean hold);
}
