package io.lifeboat.catalog;

import java.time.Instant;
import java.util.List;

/**
 * A drill as the catalog indexes it; its full report is in the bucket at {@code reportKey}.
 *
 * @param targets every target the drill restored (one for a target's drill)
 * @param passed every step done, every check passed, every objective met
 * @param verdict one line: what it achieved, or why it failed
 */
public record DrillEntry(
    String drillId,
    String subject,
    boolean ofTarget,
    List<String> targets,
    String startedBy,
    Instant startedAt,
    Instant endedAt,
    boolean passed,
    String verdict,
    Long achievedRtoMillis,
    Long achievedRpoMillis,
    Long rtoObjectiveMillis,
    Long rpoObjectiveMillis,
    String reportKey) {}
