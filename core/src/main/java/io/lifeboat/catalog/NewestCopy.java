package io.lifeboat.catalog;

import java.time.Instant;

/**
 * The newest backup of a target with an intact copy at one off-site location (status COPIED: its
 * SHA-256s were checked after the copy): how far that location is behind is the distance from
 * the target's newest backup to {@code recoveryPoint}.
 */
public record NewestCopy(String location, String backupId, Instant recoveryPoint, Instant copiedAt) {}
