package io.lifeboat.workflows.runbook;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A validated runbook: the plan a {@link RunbookWorkflow} executes. Built by the runbook parser
 * from YAML and passed as workflow input, so it is plain data that survives JSON round trips.
 *
 * @param stages run one after the other; a stage is one step or a group of parallel steps
 */
public record Runbook(
    String name, String description, Objectives objectives, List<Parameter> parameters, List<Stage> stages) {

  public Optional<Parameter> parameter(String parameterName) {
    return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
  }

  /**
   * The value of every parameter for a run: the supplied ones, defaults for the rest.
   *
   * @throws IllegalArgumentException naming every required parameter missing, every unknown one,
   *     every value that is not of its parameter's type, and an {@code incident_at} that is neither
   *     "now" nor an ISO-8601 instant
   */
  public Map<String, String> parameterValues(Map<String, String> supplied) {
    List<String> problems = new ArrayList<>();
    supplied.keySet().stream()
        .filter(key -> parameter(key).isEmpty())
        .forEach(key -> problems.add("unknown parameter '" + key + "'"));
    Map<String, String> values = new TreeMap<>();
    for (Parameter declared : parameters) {
      String value = supplied.getOrDefault(declared.name(), declared.defaultValue());
      if (value == null) {
        problems.add("missing required parameter '" + declared.name() + "' (" + declared.description() + ")");
      } else {
        declared.problem(value).ifPresent(problems::add);
        values.put(declared.name(), value);
      }
    }
    String incidentAt = values.get(Parameter.INCIDENT_AT);
    if (incidentAt != null && !incidentAt.equals("now")) {
      try {
        Instant.parse(incidentAt);
      } catch (DateTimeParseException e) {
        problems.add("incident_at must be 'now' or an ISO-8601 instant such as 2026-01-31T03:00:00Z, not '"
            + incidentAt + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return values;
  }

  /** Every step in execution order, parallel groups flattened. */
  public List<Step> steps() {
    return stages.stream().flatMap(stage -> stage.steps().stream()).toList();
  }
}
