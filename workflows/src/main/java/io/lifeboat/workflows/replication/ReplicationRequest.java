package io.lifeboat.workflows.replication;

/**
 * Copy one backup to every off-site location (or, with {@code checkOnly}, only check the copies
 * already there, re-reading every object and comparing its SHA-256 with the manifest).
 */
public record ReplicationRequest(String backupId, boolean checkOnly, String requestedBy) {}
