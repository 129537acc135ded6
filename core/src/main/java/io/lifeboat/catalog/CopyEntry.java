package io.lifeboat.catalog;

import jakarta.annotation.Nullable;
import java.time.Instant;

/** Where an off-site copy of a backup is, and what its last check found. */
public record CopyEntry(
    String backupId,
    String location,
    String bucket,
    String manifestKey,
    Status status,
    Instant copiedAt,
    Instant checkedAt,
    @Nullable String error) {

  public enum Status {
    /** Every object copied, its SHA-256 checked against the manifest. */
    COPIED,
    /** A later check found an object missing or changed. */
    CORRUPT,
    DELETED
  }
}
