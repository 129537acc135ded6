package io.lifeboat.workflows.cluster;

import io.temporal.activity.ActivityInterface;

/**
 * A whole PostgreSQL cluster: base backups ({@code pg_basebackup}) through the artifact
 * pipeline, checks of its WAL archive, and point-in-time recovery into a new data directory.
 * Archiving itself never goes through here: the worker's WAL receiver takes each file from
 * {@code archive_command} directly.
 */
@ActivityInterface
public interface PostgresClusterActivities {
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
