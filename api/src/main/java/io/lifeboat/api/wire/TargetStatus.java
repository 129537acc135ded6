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
 * @param walCopies for a cluster target, one per off-site location that holds its WAL archive; else empty
 * @param drill its last drill and whether one is overdue; null when it was never drilled and drills
 *     are off for it
 * @param storage what its backups take in the primary bucket, against its quota, with the forecast
 */
public record TargetStatus(
    String name,
    String kind,
    Objectives objectives,
    BackupAge newestBackup,
    BackupAge newestVerifiedBackup,
    boolean rpoBreached,
    List<CopyLag> copies,
    List<WalCopyLag> walCopies,
    DrillStatus drill,
    Storage storage) {

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

  /**
   * How far one off-site location's copy of a cluster's WAL archive is behind the primary's, as
   * the worker's WAL copier (or {@code copies sync}) last found it.
   *
   * @param pendingFiles archived files not yet intact there; null when never checked
   * @param lagSeconds age of the oldest of them (0 when none is pending); null when never checked
   * @param newestCopied the newest file intact there; null before the first
   * @param error why the last pass failed; null when it succeeded
   */
  public record WalCopyLag(String location, Integer pendingFiles, Long lagSeconds, String newestCopied,
      Instant checkedAt, String error) {}

  /**
   * A target's drills as an operator checks them: the last one, and whether the last one that
   * passed is older than the target's drill interval.
   *
   * @param drillId the last drill's id; null when the target was never drilled
   * @param passed whether the last drill passed; null when never drilled
   * @param startedAt when the last drill started
   * @param lastPassedAt when the last passing drill started; null when none passed
   * @param interval how often the target is to be drilled; null when drills are off for it
   * @param overdue an interval is set and no drill passed within it
   * @param problem one line when overdue: "drill overdue: last passing drill 95d ago, interval 90d",
   *     "never drilled"; null otherwise
   */
  public record DrillStatus(String drillId, Boolean passed, Instant startedAt, String verdict, Long achievedRtoMillis,
      Long rtoObjectiveMillis, Long achievedRpoMillis, Long rpoObjectiveMillis, Instant lastPassedAt, Duration interval,
      boolean overdue, String problem) {}

  /**
   * A target's backups in the primary bucket (completed ones, tenants' included, and those retention
   * is deleting), against its {@code storageQuota}, with the growth a least-squares line through
   * what the bucket held after each backup of the last 30 days gives.
   *
   * @param quotaBytes its {@code storageQuota}; null without one
   * @param usedPercent used ÷ quota × 100; null without a quota
   * @param growthBytesPerDay the line's slope; null with fewer than 3 backups at different times in the window
   * @param daysUntilFull at that growth; 0 once full; null without a quota or a line, or when not growing
   * @param forecastPoints how many backups the line went through
   * @param forecast the same in words: "full in ~12 days at 3.1 GiB/day", "not growing (…)"
   */
  public record Storage(long usedBytes, Long quotaBytes, Double usedPercent, Double growthBytesPerDay,
      Double daysUntilFull, int forecastPoints, String forecast) {}
}
