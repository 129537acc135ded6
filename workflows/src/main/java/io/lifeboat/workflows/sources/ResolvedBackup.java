package io.lifeboat.workflows.sources;

import java.time.Instant;

/** The backup a selector ("latest", an id, "before:&lt;instant&gt;") means, with its target's objectives. */
public record ResolvedBackup(
    String backupId, String target, Instant recoveryPoint, long rpoObjectiveMillis, long rtoObjectiveMillis) {}
