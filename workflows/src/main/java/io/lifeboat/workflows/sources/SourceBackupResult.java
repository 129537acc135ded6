package io.lifeboat.workflows.sources;

import java.time.Instant;
import java.util.List;

/**
 * A finished backup of a non-PostgreSQL source: where its manifest is and what it holds.
 *
 * @param parentBackupId the backup this one reuses data from (incrementals); null when standalone
 * @param rawBytes size of the source as backed up (the whole tree, for incrementals too)
 * @param storedBytes bytes this backup stored itself (its own objects): for an incremental, only
 *     what changed
 * @param summary one line for the run's report
 * @param warnings things an operator should look at (changed while read, unexpected changes)
 * @param changes what differs from the parent backup, one line each ("modified /etc/app.yaml",
 *     "added ...", "removed ..."), capped; empty for a standalone backup; null in older results
 */
public record SourceBackupResult(
    String backupId,
    String manifestKey,
    Instant recoveryPoint,
    long rawBytes,
    long storedBytes,
    String parentBackupId,
    String summary,
    List<String> warnings,
    List<String> changes) {

  /** A result without change detection ({@code changes} empty). */
  public SourceBackupResult(String backupId, String manifestKey, Instant recoveryPoint, long rawBytes,
      long storedBytes, String parentBackupId, String summary, List<String> warnings) {
    this(backupId, manifestKey, recoveryPoint, rawBytes, storedBytes, parentBackupId, summary, warnings, List.of());
  }
}
