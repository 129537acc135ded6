package io.lifeboat.catalog;

import java.time.Duration;
import java.time.Instant;

/** A configured target and its objectives as last synced; {@code updatedAt} is the last change. */
public record TargetEntry(String name, String kind, Duration rpo, Duration rto, Instant updatedAt) {}
