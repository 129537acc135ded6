package io.lifeboat.workflows.backup;

import java.time.Instant;

/** What a finished backup produced: references only, never data. */
public record BackupResult(
    String backupId,
    String target,
    String kind,
    Instant recoveryPoint,
    long rawBytes,
    long storedBytes,
    String manifestKey,
    long durationMillis) {}
