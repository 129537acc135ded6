package io.lifeboat.api.wire;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A configured target as an operator checks it: its objectives, its newest backup and newest
 * verified backup with their ages, and whether the newest backup is older than the RPO allows.
 *
 * @param newestBackup null when the target has no completed backup
 * @param newestVerifiedBackup null when none of its backups has passed verification
 * @param rpoBreached the newest backup's recovery point is older than the RPO, or there is none
 * @param copies one per off-site location that holds this target's backups, in configuration order
 */
public record TargetStatus(
    String name,
    String kind,
    Objectives objectives,
    BackupAge newestBackup,
    BackupAge newestVerifiedBackup,
    boolean rpoBreached,
    List<CopyLag> copies) {

  public record Objectives(Duration rpo, Duration rto) {}

  /** {@code ageSeconds} counts from the recovery point: how much data a restore of it would lose. */
  public record BackupAge(String backupId, Instant recoveryPoint, Instant verifiedAt, long ageSeconds) {}

  /**
   * How far one off-site location is behind: from the newest verified copy's recovery point there
   * to the target's newest backup's.
   *
   * @param backupId the newest backup with an intact copy there; null when none has one yet
   * @param lagSeconds 0 when the newest backup is copied; null when nothing is copied there yet
   */
  public record CopyLag(String location, String backupId, Instant recoveryPoint, Instant copiedAt, Long lagSeconds) {}
}
