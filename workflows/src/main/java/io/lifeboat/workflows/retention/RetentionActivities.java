package io.lifeboat.workflows.retention;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The I/O side of retention: read the target's backups and policy, delete one backup, prune WAL. */
@ActivityInterface
public interface RetentionActivities {
  /**
   * The target's policy and its live backups, its tenants' included (each with its schema); fails
   * with UnknownTarget for an undeclared target.
   */
  Candidates candidates(String target);

  /**
   * Deletes one backup: its storage objects (manifest first, so a half-deleted folder never
   * looks complete), then marks it deleted in the catalog. Idempotent: deleting a deleted backup
   * does nothing. Refuses (and keeps the backup) when it is under legal hold or Object Lock.
   */
  Deletion deleteBackup(String backupId);

  /**
   * Deletes the archived WAL no kept base backup needs: every segment (and {@code .partial},
   * {@code .backup} file) before the start of the oldest base backup of the target that is not
   * in {@code deleting}. Timeline history files are always kept, and so is all WAL of a target
   * without a base backup. Objects still under Object Lock are left. Idempotent.
   *
   * @param deleting backups this run deletes (or, on a dry run, would delete)
   */
  WalPruning pruneWal(String target, List<String> deleting, boolean dryRun);

  /**
   * @param policy null when the target declares no retention
   * @param backups the completed backups of the target and of its tenant schemas
   * @param interrupted backups whose deletion an earlier run began and did not finish
   */
  record Candidates(RetentionPolicy policy, List<BackupFacts> backups, List<String> interrupted) {}

  /**
   * @param keptFrom the first segment kept (the oldest kept base backup's start); null when
   *     nothing was pruned for the reason in {@code note}
   * @param files archived WAL files deleted (on a dry run: that would be deleted)
   */
  record WalPruning(String keptFrom, int files, String note) {}

  /** @param refused why the backup was kept after all (a hold set since the plan); null when deleted */
  record Deletion(String backupId, int objectsDeleted, String refused) {}
}
