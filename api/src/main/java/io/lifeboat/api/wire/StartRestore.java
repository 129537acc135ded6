package io.lifeboat.api.wire;

/**
 * Body of {@code POST /restores}. Fields stay strings here so a malformed one is reported by
 * name with its expected form, rather than as a generic JSON mapping error.
 *
 * @param backup "latest", a backup id, or "before:&lt;ISO-8601 instant&gt;"
 * @param incidentAt when the incident was declared (ISO-8601 instant); the run's start if absent
 * @param schema one tenant: restores that schema of the target's own database from its schema
 *     backups, leaving the others alone; {@code database} is then left out
 * @param keepReplaced keep what the restore replaced (the old database or schema, under the name
 *     the result gives) instead of dropping it once the restore has succeeded
 * @param to a destination declared under {@code destinations:} in the configuration (a standby, a
 *     server in another region) to restore onto instead of the target's own server
 * @param toHost a server to restore onto, reached with the target's own credentials; {@code toPort}
 *     its port (the target's port when absent)
 * @param roles {@code create} (the default): roles the data needs that the destination lacks are
 *     created; {@code skip}: the restore is refused, naming them
 * @param noOwner restore with the connecting user as owner of everything
 * @param into where the backup goes, as the target's kind reads it: a PostgreSQL database (of the
 *     target's server or of {@code to}'s), a directory of a file set or configuration tree; absent:
 *     the target's own (its database, its original paths, its Redis server). {@code database} is
 *     its older name, still read.
 */
public record StartRestore(String target, String backup, String database, Boolean replace, String incidentAt,
    String schema, Boolean keepReplaced, String to, String toHost, Integer toPort, String roles, Boolean noOwner,
    String into) {

  /** Into the place {@code database} names. */
  public StartRestore(String target, String backup, String database, Boolean replace, String incidentAt,
      String schema, Boolean keepReplaced, String to, String toHost, Integer toPort, String roles, Boolean noOwner) {
    this(target, backup, database, replace, incidentAt, schema, keepReplaced, to, toHost, toPort, roles, noOwner,
        null);
  }

  /** Onto the target's own server. */
  public StartRestore(String target, String backup, String database, Boolean replace, String incidentAt,
      String schema, Boolean keepReplaced) {
    this(target, backup, database, replace, incidentAt, schema, keepReplaced, null, null, null, null, null);
  }

  /** A restore of a whole target. */
  public StartRestore(String target, String backup, String database, Boolean replace, String incidentAt) {
    this(target, backup, database, replace, incidentAt, null, null);
  }

  /** A restore of a whole target, or of one tenant schema of it. */
  public StartRestore(String target, String backup, String database, Boolean replace, String incidentAt,
      String schema) {
    this(target, backup, database, replace, incidentAt, schema, null);
  }
}
