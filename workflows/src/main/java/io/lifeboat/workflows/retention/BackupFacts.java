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
 */
public record BackupFacts(
    String backupId,
    String kind,
    Instant recoveryPoint,
    boolean verified,
    List<String> needs,
    boolean legalHold,
    Instant lockedUntil) {

  public BackupFacts {
    Objects.requireNonNull(backupId, "backupId");
    Objects.requireNonNull(recoveryPoint, "recoveryPoint");
    needs = needs == null ? List.of() : List.copyOf(needs);
  }
}
