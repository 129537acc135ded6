package io.lifeboat.workflows.restore;

import java.time.Instant;

/**
 * Restore a backup of {@code target} into {@code database} on the target's server.
 *
 * @param backup "latest", a backup id, or "before:&lt;ISO-8601 instant&gt;"
 * @param replace overwrite a non-empty database (a safety backup of it is taken first)
 * @param incidentAt when the incident was declared; the run's start when null
 * @param schema restore only this schema (a tenant) of the target's own database from its schema
 *     backups, leaving every other schema alone; null for a whole-target restore
 */
public record RestoreRequest(
    String target, String backup, String database, boolean replace, Instant incidentAt, String requestedBy,
    String schema) {

  /** A restore of a whole target. */
  public RestoreRequest(
      String target, String backup, String database, boolean replace, Instant incidentAt, String requestedBy) {
    this(target, backup, database, replace, incidentAt, requestedBy, null);
  }
}
