package io.lifeboat.workflows.drill;

import java.util.Map;

/**
 * Start a drill: a rehearsal of one runbook, or of the restore of one target, in a scratch
 * environment the drill creates and removes. Exactly one of {@code runbook} and {@code target}.
 *
 * @param parameters runbook parameters; those that name production places are replaced by the
 *     scratch ones their {@code drill:} mapping names
 * @param keep leave the scratch environment running for inspection (removed by
 *     {@code lifeboat drill teardown ID})
 * @param waitForApprovals approval steps wait for people (rehearsing them too); null: the
 *     configuration's {@code drills.approvals}, else they are approved by the drill's principal
 */
public record DrillRequest(
    String runbook,
    String target,
    Map<String, String> parameters,
    String startedBy,
    String reason,
    boolean keep,
    Boolean waitForApprovals) {

  /** What is drilled: the runbook's name or the target's. */
  public String subject() {
    return runbook != null ? runbook : target;
  }
}
