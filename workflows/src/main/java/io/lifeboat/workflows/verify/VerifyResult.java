package io.lifeboat.workflows.verify;

import java.time.Instant;

/** A passed verification. A failed one ends the workflow with a typed failure instead. */
public record VerifyResult(
    String backupId,
    int objectsChecked,
    int archiveEntries,
    int tablesCompared,
    long rowsCompared,
    Instant verifiedAt) {}
