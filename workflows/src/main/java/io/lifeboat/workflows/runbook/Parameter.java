package io.lifeboat.workflows.runbook;

/** A value supplied when a run starts; required when it has no default. */
public record Parameter(String name, String description, String defaultValue) {
  /** Declared time of the incident (ISO-8601 instant, or "now"); the start of the measured RTO. */
  public static final String INCIDENT_AT = "incident_at";

  public boolean required() {
    return defaultValue == null;
  }
}
