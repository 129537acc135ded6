package io.lifeboat.workflows.cluster;

import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.verify.VerifyActivities.IntegrityReport;
import io.temporal.activity.ActivityInterface;

/**
 * A whole PostgreSQL cluster: base backups ({@code pg_basebackup}) through the artifact
 * pipeline, checks of its WAL archive, and point-in-time recovery into a new data directory.
 * Archiving itself never goes through here: the worker's WAL receiver takes each file from
 * {@code archive_command} directly.
 */
@ActivityInterface
public interface ClusterActivities {
  /** Storage kind of a base backup. */
  String BASE_KIND = "pg-base";

  /**
   * Streams {@code pg_basebackup -Ft -X none} into a new backup and checks that the archive holds
   * the WAL the backup needs; idempotent (an existing manifest is returned).
   */
  SourceBackupResult backupCluster(SourceBackupRequest request);

  /**
   * Checks a base backup without restoring it (signature, SHA-256, decryption, a backup_label
   * where the manifest says); a point-in-time recovery is its test restore.
   */
  IntegrityReport checkBaseBackup(String backupId);

  /**
   * A data directory (under the system's temporary folder, cleared of anything an earlier attempt
   * left) and a free port for test-restoring a base backup.
   */
  ScratchServer scratchServer(String backupId);

  /** Stops the server in a scratch directory (immediately) and deletes the directory; idempotent. */
  void removeScratchServer(ScratchServer scratch);

  /** Lists the target's WAL archive: timelines, first and last files, gaps. */
  ArchiveReport checkArchive(String target);

  /**
   * Picks the base backup for the target and checks that the archive covers the way from it to
   * the target without a gap; refuses a target the archive cannot reach.
   */
  RecoveryPlan planRecovery(PointInTimeRequest request);

  /**
   * Streams the base backup into the new data directory (untarred as it is decrypted, never
   * stored whole); refuses a directory that holds anything else. Idempotent.
   */
  void fetchBaseBackup(PointInTimeRequest request, RecoveryPlan plan);

  /** Writes the recovery settings (restore_command, target, promote) and starts the server. */
  void startRecovery(PointInTimeRequest request, RecoveryPlan plan);

  /**
   * Waits, heartbeating, until the server has replayed to the target and promoted, then checks
   * that every database answers and reports where it stopped.
   */
  RecoveredServer awaitRecovery(PointInTimeRequest request, RecoveryPlan plan);
}
