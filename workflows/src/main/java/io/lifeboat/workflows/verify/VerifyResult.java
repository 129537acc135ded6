package io.lifeboat.workflows.verify;

import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.sources.Comparison;
import java.time.Instant;

/**
 * A passed verification. A failed one ends the workflow with a typed failure instead.
 *
 * @param testRestore what the test restore compared (tables, files, keys, databases); null when
 *     none was asked for
 * @param readFrom the primary bucket, or the off-site copy verified because the primary was
 *     unavailable, incomplete or corrupt
 */
public record VerifyResult(
    String backupId,
    int objectsChecked,
    int archiveEntries,
    Comparison testRestore,
    Instant verifiedAt,
    ReadSource readFrom) {}
