package io.lifeboat.workflows.replication;

import io.temporal.activity.ActivityInterface;

/** What {@code copies sync} needs beside the backup copies of {@link ReplicationActivities}. */
@ActivityInterface
public interface CopySyncActivities {
  /**
   * The locations to sync, each with the backups and WAL archives it should hold, and whether it
   * answers. Refuses (BadRequest) a location name that is not configured, naming those that are,
   * and a target no location takes.
   */
  CopySyncPlan planSync(CopySyncRequest request);

  /**
   * Copies, where missing or damaged, up to {@code limit} of the completed backups the location
   * should hold (of {@code target}, or of every target it takes when null), those whose ids sort
   * after {@code after} (null: from the first); heartbeats per backup. A backup that cannot be
   * copied for good (its primary objects lost) is a failed line and the page goes on; a failure
   * of the location fails the page, which is retried. Idempotent.
   */
  CopySyncPage syncBackups(String location, String target, String after, int limit);

  /**
   * Copies every WAL file of the target that the location lacks or holds damaged (read back and
   * hashed, not taken from any record); heartbeats per file. Idempotent.
   */
  WalSyncReport syncWal(String target, String location);
}
