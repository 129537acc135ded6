package io.lifeboat.catalog;

import jakarta.annotation.Nullable;
import java.time.Instant;

/**
 * A live backup (completed, or being deleted) with what retention must respect beyond its
 * manifest: a legal hold, and the end of its Object Lock retention.
 */
public record RetentionCandidate(BackupEntry backup, boolean legalHold, @Nullable Instant lockedUntil) {
  public boolean lockedAt(Instant now) {
    return lockedUntil != null && lockedUntil.isAfter(now);
  }
}
