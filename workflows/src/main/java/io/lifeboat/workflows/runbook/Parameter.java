package io.lifeboat.workflows.runbook;

/**
 * A value supplied when a run starts; required when it has no default.
 *
 * @param drill in a drill, the value that replaces this one when it names a production place: a
 *     text with {@code ${scratch.postgres.address}} and the like (see {@code DrillEnvironment#values});
 *     null keeps the value
 */
public record Parameter(String name, String description, String defaultValue, String drill) {
  public Parameter(String name, String description, String defaultValue) {
    this(name, description, defaultValue, null);
  }

  /** Declared time of the incident (ISO-8601 instant, or "now"); the start of the measured RTO. */
  public static final String INCIDENT_AT = "incident_at";

  public boolean required() {
    return defaultValue == null;
  }
}
