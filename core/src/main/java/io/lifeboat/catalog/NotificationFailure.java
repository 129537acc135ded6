package io.lifeboat.catalog;

import jakarta.annotation.Nullable;
import java.time.Instant;

/**
 * A notification a channel has not taken, and has not taken since: the latest error (which names
 * the channel, never its URL) and how many attempts failed.
 */
public record NotificationFailure(String channel, String dedupKey, String event, String severity,
    @Nullable String target, int attempts, Instant firstFailedAt, Instant lastFailedAt, String error) {}
