package io.lifeboat.workflows.retention;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What retention needs to know about one backup of a target.
 *
 * @param needs backups this one cannot be restored without: its parent (incrementals), the WAL
 *     it replays; empty for a self-contained backup
 * @param lockedUntil when its S3 Object Lock retention ends; null when it has none
 * @param schema the tenant schema it is a backup of (its safety backups included); null for a
 *     backup of the whole target. Each schema's backups are a history of their own to retention.
 */
public record BackupFacts(
    String backupId,
    String kind,
    Instant recoveryPoint,
    boolean verified,
    List<String> needs,
    boolean legalHold,
    Instant lockedUntil,
    String schema) {

  public BackupFacts {
    Objects.requireNonNull(backupId, "backupId");
    Objects.requireNonNull(recoveryPoint, "recoveryPoint");
    needs = needs == null ? List.of() : List.copyOf(needs);
  }

  /** A backup of the whole target. */
  public BackupFacts(String backupId, String kind, Instant recoveryPoint, boolean verified, List<String> needs,
      boolean legalHold, Instant lockedUntil) {
    this(backupId, kind, recoveryPoint, verified, needs, legalHold, lockedUntil, null);
  }
}
