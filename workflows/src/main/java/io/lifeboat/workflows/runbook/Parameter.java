package io.lifeboat.workflows.runbook;

import java.util.Optional;

/**
 * A value supplied when a run starts; required when it has no default.
 *
 * @param drill in a drill, the value that replaces this one when it names a production place: a
 *     text with {@code ${scratch.postgres.address}} and the like (see {@code DrillEnvironment#values});
 *     null keeps the value
 * @param type what the value may be, checked when a run starts; {@link ParameterType#TEXT} when not
 *     given (runs recorded before parameters had types have none)
 */
public record Parameter(String name, String description, String defaultValue, String drill, ParameterType type) {
  public Parameter {
    type = type == null ? ParameterType.TEXT : type;
  }

  public Parameter(String name, String description, String defaultValue, String drill) {
    this(name, description, defaultValue, drill, ParameterType.TEXT);
  }

  public Parameter(String name, String description, String defaultValue) {
    this(name, description, defaultValue, null);
  }

  /** The problem with {@code value} for this parameter, in one line; empty when it is one of its type. */
  public Optional<String> problem(String value) {
    if (type.accepts(value)) {
      return Optional.empty();
    }
    return Optional.of("parameter '" + name + "' must be " + type.yamlName() + " (" + type.rule()
        + "), not '" + value + "'");
  }

  /** Declared time of the incident (ISO-8601 instant, or "now"); the start of the measured RTO. */
  public static final String INCIDENT_AT = "incident_at";

  public boolean required() {
    return defaultValue == null;
  }
}
