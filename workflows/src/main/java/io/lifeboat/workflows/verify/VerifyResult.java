package io.lifeboat.workflows.verify;

import io.lifeboat.workflows.replication.ReadSource;
import java.time.Instant;

/**
 * A passed verification. A failed one ends the workflow with a typed failure instead.
 *
 * @param readFrom the primary bucket, or the off-site copy verified because the primary was
 *     unavailable, incomplete or corrupt
 */
public record VerifyResult(
    String backupId,
    int objectsChecked,
    int archiveEntries,
    int tablesCompared,
    long rowsCompared,
    Instant verifiedAt,
    ReadSource readFrom) {}
