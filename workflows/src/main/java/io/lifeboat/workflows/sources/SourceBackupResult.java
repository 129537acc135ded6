package io.lifeboat.workflows.sources;

import java.time.Instant;
import java.util.List;

/**
 * A finished backup: where its manifest is and what it holds. References only, never data.
 *
 * @param kind the storage kind ({@code pg-dump}, {@code files}, ...)
 * @param parentBackupId the backup this one reuses data from (incrementals); null when standalone
 * @param rawBytes size of the source as backed up (the whole tree, for incrementals too)
 * @param storedBytes bytes this backup stored itself (its own objects): for an incremental, only
 *     what changed
 * @param summary one line for the run's report
 * @param warnings things an operator should look at (changed while read, unexpected changes)
 * @param changes what differs from the parent backup, one line each ("modified /etc/app.yaml",
 *     "added ...", "removed ..."), capped; empty for a standalone backup
 */
public record SourceBackupResult(
    String backupId,
    String kind,
    String manifestKey,
    Instant recoveryPoint,
    long rawBytes,
    long storedBytes,
    String parentBackupId,
    String summary,
    List<String> warnings,
    List<String> changes) {

  /** One line for the run's step: what was stored, and what to look at. */
  public String describe() {
    return summary + "; " + storedBytes + " bytes stored"
        + (parentBackupId == null ? "" : ", the rest referenced from " + parentBackupId)
        + (warnings.isEmpty() ? "" : "; WARNINGS: " + String.join("; ", warnings))
        + (changes.isEmpty() ? "" : "; CHANGES: " + String.join("; ", changes));
  }
}
