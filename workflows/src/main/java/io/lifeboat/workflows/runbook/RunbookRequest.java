package io.lifeboat.workflows.runbook;

import java.util.Map;

/**
 * Start a runbook.
 *
 * @param parameters values for the runbook's parameters; defaults fill the rest
 * @param startedBy the principal who started the run; four-eyes: they cannot approve it
 * @param drill set when the run is a drill's rehearsal: it may write only to the drill's scratch
 *     places; null for a real recovery
 */
public record RunbookRequest(Runbook runbook, Map<String, String> parameters, String startedBy, DrillMode drill) {
  public RunbookRequest(Runbook runbook, Map<String, String> parameters, String startedBy) {
    this(runbook, parameters, startedBy, null);
  }

  /**
   * How a drill runs a runbook.
   *
   * @param principal who approval steps are approved by when they do not wait for people
   * @param targetKinds the kind of every target a restore step names (where its scratch place is)
   * @param waitForApprovals approval steps wait for people, as in a real recovery
   */
  public record DrillMode(String drillId, String principal, boolean waitForApprovals,
      io.lifeboat.workflows.drill.DrillEnvironment environment, Map<String, String> targetKinds) {}
}
