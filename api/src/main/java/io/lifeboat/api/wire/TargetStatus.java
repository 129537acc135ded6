package io.lifeboat.api.wire;

import java.time.Duration;
import java.time.Instant;

/**
 * A configured target as an operator checks it: its objectives, its newest backup and newest
 * verified backup with their ages, and whether the newest backup is older than the RPO allows.
 *
 * @param newestBackup null when the target has no completed backup
 * @param newestVerifiedBackup null when none of its backups has passed verification
 * @param rpoBreached the newest backup's recovery point is older than the RPO, or there is none
 */
public record TargetStatus(
    String name,
    String kind,
    Objectives objectives,
    BackupAge newestBackup,
    BackupAge newestVerifiedBackup,
    boolean rpoBreached) {

  public record Objectives(Duration rpo, Duration rto) {}

  /** {@code ageSeconds} counts from the recovery point: how much data a restore of it would lose. */
  public record BackupAge(String backupId, Instant recoveryPoint, Instant verifiedAt, long ageSeconds) {}
}
