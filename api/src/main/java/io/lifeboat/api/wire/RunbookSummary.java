package io.lifeboat.api.wire;

import java.util.List;

/**
 * One runbook of {@code GET /api/v1/runbooks}.
 *
 * @param rto the runbook's RTO objective, as written (e.g. 1h)
 * @param problems why the runbook cannot run as it is ("line:column: message"); empty when valid
 */
public record RunbookSummary(String name, String description, String rto, List<Parameter> parameters,
    List<String> problems) {
  /** @param type what a value may be (identifier, url, ...; text when anything), checked when a run starts */
  public record Parameter(String name, String description, String defaultValue, String type) {}
}
