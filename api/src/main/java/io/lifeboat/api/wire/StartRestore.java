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
 */
public record StartRestore(String target, String backup, String database, Boolean replace, String incidentAt,
    String schema, Boolean keepReplaced) {

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
