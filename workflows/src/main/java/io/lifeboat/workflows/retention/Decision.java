package io.lifeboat.workflows.retention;

import java.time.Instant;
import java.util.List;

/**
 * Keep or delete one backup; {@code keptBy} names every rule that kept it (empty when deleted).
 *
 * @param schema the tenant schema whose backups this one was weighed against; null for the
 *     target's own backups
 */
public record Decision(String backupId, Instant recoveryPoint, boolean keep, List<String> keptBy, String schema) {}
