package io.lifeboat.workflows.restore;

import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.TargetRef;
import java.time.Instant;

/**
 * Restore a backup of a target (or of one tenant schema of it) into a destination.
 *
 * @param backup "latest", a backup id, or "before:&lt;ISO-8601 instant&gt;"
 * @param into where the kind restores into — a database on the target's server, a directory;
 *     null or blank for the target's own place (its database, its original paths, its server)
 * @param replace replace data the destination holds (after a safety backup of it, or keeping it
 *     beside until the restore has succeeded)
 * @param keepReplaced keep what was replaced (its name is in the result) instead of dropping it
 *     once the restore has succeeded
 * @param incidentAt when the incident was declared; the run's start when null
 * @param safetyBackupId a safety backup the caller took of the destination already (a runbook's
 *     {@code safety-backup} step); null: the restore takes one when it replaces data
 * @param integrityChecked the caller checked the backup's integrity already (a runbook's {@code
 *     checksum} step), so the restore does not read it twice
 * @param to the server the place is on: a configured destination's name, {@code host:port}, or null
 *     for the target's own (see {@link io.lifeboat.workflows.sources.Destination#server()})
 * @param skipRoles refuse when the destination lacks roles the data needs instead of creating them
 * @param noOwner restore with the connecting user as owner of everything
 */
public record RestoreRequest(
    TargetRef source, String backup, String into, boolean replace, boolean keepReplaced, Instant incidentAt,
    String requestedBy, String safetyBackupId, boolean integrityChecked, String to, boolean skipRoles,
    boolean noOwner) {

  /** Onto the target's own server, creating missing roles. */
  public RestoreRequest(TargetRef source, String backup, String into, boolean replace, boolean keepReplaced,
      Instant incidentAt, String requestedBy, String safetyBackupId, boolean integrityChecked) {
    this(source, backup, into, replace, keepReplaced, incidentAt, requestedBy, safetyBackupId, integrityChecked, null,
        false, false);
  }

  /** A restore of a whole target. */
  public RestoreRequest(
      String target, String backup, String into, boolean replace, Instant incidentAt, String requestedBy) {
    this(TargetRef.of(target), backup, into, replace, false, incidentAt, requestedBy, null, false);
  }

  /** A restore of a whole target, or of one schema of it when {@code schema} is not null. */
  public RestoreRequest(String target, String backup, String into, boolean replace, Instant incidentAt,
      String requestedBy, String schema) {
    this(new TargetRef(target, schema), backup, into, replace, false, incidentAt, requestedBy, null, false);
  }

  public String target() {
    return source.target();
  }

  /** Where the backup goes. */
  public Destination destination() {
    return new Destination(source, into == null || into.isBlank() ? null : into, to == null || to.isBlank() ? null : to,
        skipRoles, noOwner);
  }
}
