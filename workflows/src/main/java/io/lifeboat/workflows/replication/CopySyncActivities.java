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
   * Copies every WAL file of the target that the location lacks or holds damaged (read back and
   * hashed, not taken from any record); heartbeats per file. Idempotent.
   */
  WalSyncReport syncWal(String target, String location);
}
