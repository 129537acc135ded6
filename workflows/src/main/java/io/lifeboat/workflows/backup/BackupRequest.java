package io.lifeboat.workflows.backup;

/**
 * Back up one target now. {@code reason} is free text kept with the run (e.g. "before risky
 * change"). {@code schema} backs up only that schema of a PostgreSQL target (a tenant); null backs
 * up the whole target.
 */
public record BackupRequest(String target, String reason, String requestedBy, String schema) {

  /** A backup of the whole target. */
  public BackupRequest(String target, String reason, String requestedBy) {
    this(target, reason, requestedBy, null);
  }
}
