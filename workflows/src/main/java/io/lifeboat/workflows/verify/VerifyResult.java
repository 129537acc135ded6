package io.lifeboat.workflows.verify;

import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.sources.TestRestoreReport;
import java.time.Instant;

/**
 * A passed verification. A failed one ends the workflow with a typed failure instead.
 *
 * @param testRestore what the test restore compared (tables, files, keys, databases) and said;
 *     null when none was asked for
 * @param readFrom the primary bucket, or the off-site copy verified because the primary was
 *     unavailable, incomplete or corrupt
 */
public record VerifyResult(
    String backupId,
    int objectsChecked,
    int archiveEntries,
    TestRestoreReport testRestore,
    Instant verifiedAt,
    ReadSource readFrom) {}
