package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One alert route: a firing alert whose labels include every {@code match} pair starts
 * {@code runbook} with {@code params}, where {@code {labels.NAME}} stands for the alert's label and
 * {@code {startsAt}} for when it started firing. (Not {@code ${...}}: that is the configuration's
 * environment-variable syntax.)
 *
 * <pre>
 * alerts:
 *   - match: {alertname: OrdersDatabaseDown}
 *     runbook: postgres-restore
 *     params: {target: "{labels.target}", incident_at: "{startsAt}"}
 * </pre>
 */
public class AlertRouteConfig {
  private static final Pattern REFERENCE = Pattern.compile("\\{(labels\\.([A-Za-z0-9_]+)|startsAt)}");

  @NotNull @JsonProperty private Map<String, String> match = new LinkedHashMap<>();

  @NotBlank @JsonProperty private String runbook;

  @NotNull @JsonProperty private Map<String, String> params = new LinkedHashMap<>();

  public boolean matches(Map<String, String> labels) {
    return match.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  /**
   * The run's parameters for an alert with these labels.
   *
   * @throws IllegalArgumentException naming a label the alert lacks
   */
  public Map<String, String> paramsFor(Map<String, String> labels, String startsAt) {
    Map<String, String> values = new LinkedHashMap<>();
    params.forEach((name, template) -> {
      Matcher reference = REFERENCE.matcher(template);
      StringBuilder value = new StringBuilder();
      while (reference.find()) {
        String replacement = reference.group(2) == null
            ? Optional.ofNullable(startsAt).orElseThrow(() -> new IllegalArgumentException("the alert has no startsAt"))
            : Optional.ofNullable(labels.get(reference.group(2))).orElseThrow(() -> new IllegalArgumentException(
                "parameter '" + name + "' needs the alert's label '" + reference.group(2) + "', which it lacks"));
        reference.appendReplacement(value, Matcher.quoteReplacement(replacement));
      }
      reference.appendTail(value);
      values.put(name, value.toString());
    });
    return values;
  }

  public Map<String, String> getMatch() {
    return match;
  }

  public void setMatch(Map<String, String> match) {
    this.match = match;
  }

  public String getRunbook() {
    return runbook;
  }

  public void setRunbook(String runbook) {
    this.runbook = runbook;
  }

  public Map<String, String> getParams() {
    return params;
  }

  public void setParams(Map<String, String> params) {
    this.params = params;
  }
}
