package io.lifeboat.catalog;

import jakarta.annotation.Nullable;
import java.time.Instant;

/**
 * One followed condition (a scratch disk of a host, the copies of a target at a location) as last
 * raised: see {@code watch_conditions}.
 *
 * @param condition what is followed, e.g. {@code disk-space-low:host-1:/dev/sda1}
 * @param severity the level raised ({@code warning}, {@code critical}); null once it recovered
 * @param dedupKey the key the level was raised with; null once it recovered
 * @param resolveKey a key raised before, whose resolve is still to deliver; null if none
 * @param notified whether what this row calls for was delivered
 * @param since when the level was first seen
 */
public record WatchCondition(String condition, String event, @Nullable String target, @Nullable String severity,
    @Nullable String dedupKey, @Nullable String resolveKey, @Nullable String resolveSeverity, boolean notified,
    Instant since) {}
