package io.lifeboat.workflows.retention;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The I/O side of retention: read the target's backups and policy, delete one backup. */
@ActivityInterface
public interface RetentionActivities {
  /** The target's policy and its live backups; fails with UnknownTarget for an undeclared target. */
  Candidates candidates(String target);

  /**
   * Deletes one backup: its storage objects (manifest first, so a half-deleted folder never
   * looks complete), then marks it deleted in the catalog. Idempotent: deleting a deleted backup
   * does nothing. Refuses (and keeps the backup) when it is under legal hold or Object Lock.
   */
  Deletion deleteBackup(String backupId);

  /**
   * @param policy null when the target declares no retention
   * @param backups the completed backups of the target
   * @param interrupted backups whose deletion an earlier run began and did not finish
   */
  record Candidates(RetentionPolicy policy, List<BackupFacts> backups, List<String> interrupted) {}

  /** @param refused why the backup was kept after all (a hold set since the plan); null when deleted */
  record Deletion(String backupId, int objectsDeleted, String refused) {}
}
