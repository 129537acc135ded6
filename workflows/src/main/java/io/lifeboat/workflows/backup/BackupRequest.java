package io.lifeboat.workflows.backup;

/**
 * Back up one target now. {@code reason} is free text kept with the run (e.g. "before risky
 * change"). {@code schema} backs up only that schema of a PostgreSQL target (a tenant); null backs
 * up the whole target. {@code safety} marks a copy taken before a recovery overwrites the data
 * (a runbook's {@code safety-backup}): a PostgreSQL one is stored as a safety kind, which is never
 * picked as "latest", so the damaged state it holds is not restored by mistake later.
 */
public record BackupRequest(String target, String reason, String requestedBy, String schema, boolean safety) {

  /** A backup of the whole target. */
  public BackupRequest(String target, String reason, String requestedBy) {
    this(target, reason, requestedBy, null, false);
  }

  /** A backup of one schema, or of the whole target when {@code schema} is null. */
  public BackupRequest(String target, String reason, String requestedBy, String schema) {
    this(target, reason, requestedBy, schema, false);
  }
}
