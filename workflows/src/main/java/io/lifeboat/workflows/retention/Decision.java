package io.lifeboat.workflows.retention;

import java.time.Instant;
import java.util.List;

/** Keep or delete one backup; {@code keptBy} names every rule that kept it (empty when deleted). */
public record Decision(String backupId, Instant recoveryPoint, boolean keep, List<String> keptBy) {}
