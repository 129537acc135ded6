package io.lifeboat.workflows.replication;

/**
 * Bring off-site locations up to date with the primary bucket.
 *
 * @param location the one location to sync; null for every configured location
 * @param target the one target whose backups and WAL to sync; null for every target
 */
public record CopySyncRequest(String location, String target, String requestedBy) {}
