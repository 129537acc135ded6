package io.lifeboat.api.wire;

/**
 * Body of {@code POST /restores}. Fields stay strings here so a malformed one is reported by
 * name with its expected form, rather than as a generic JSON mapping error.
 *
 * @param backup "latest", a backup id, or "before:&lt;ISO-8601 instant&gt;"
 * @param incidentAt when the incident was declared (ISO-8601 instant); the run's start if absent
 */
public record StartRestore(String target, String backup, String database, Boolean replace, String incidentAt) {}
