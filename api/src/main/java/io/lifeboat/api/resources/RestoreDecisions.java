package io.lifeboat.api.resources;

import io.lifeboat.api.auth.AuditTrail;
import io.lifeboat.api.auth.Caller;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.temporal.DecisionSignals;
import io.lifeboat.api.wire.RunbookSignal;
import io.lifeboat.api.wire.SignalOutcome;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.runbook.Decision;
import io.lifeboat.workflows.runbook.SignalRecord;
import io.temporal.client.WorkflowNotFoundException;
import java.util.List;

/**
 * A second person's word on a restore waiting to replace data: approve, reject, or (admins,
 * break-glass) override. The restore's own approval gate decides, as a runbook's does; every
 * decision, accepted or refused, goes to the audit trail.
 */
final class RestoreDecisions {
  /** The step of the restore that waits, as the audit trail names it. */
  private static final String STEP = "approval";
  private static final String PREFIX = "restore:";

  private final DecisionSignals signals;
  private final AuditTrail audit;

  RestoreDecisions(DecisionSignals signals, AuditTrail audit) {
    this.signals = signals;
    this.audit = audit;
  }

  /**
   * 200 with the run's answer when it accepted the decision (or had not answered yet); 403 when it
   * refused who sent it (the requester approving their own restore) or the token is limited to
   * other targets; 409 when the restore waits for no approval or has ended.
   */
  SignalOutcome decide(String runId, String signal, RunbookSignal body, Caller caller) throws InterruptedException {
    String reason = body == null ? null : body.reason();
    SignalOutcome outcome;
    try {
      if (reason == null || reason.isBlank()) {
        throw ApiProblem.badRequest("reason", "a " + signal + " needs a reason", "say why, for the run's record");
      }
      int slash = runId.lastIndexOf('/');
      if (!runId.startsWith(PREFIX) || slash <= PREFIX.length() || slash == runId.length() - 1) {
        throw ApiProblem.badRequest("runId", "'" + runId + "' is not a restore's run id",
            "restore run ids look like restore:<target>:<place>/<Temporal run id>; `lifeboat runs --type RESTORE`"
                + " lists them");
      }
      String workflowId = runId.substring(0, slash);
      String target = workflowId.substring(PREFIX.length()).split(":", 2)[0];
      caller.requireTarget(target);
      try {
        outcome = signals.send(workflowId, runId.substring(slash + 1), signal,
            new Decision(caller.name(), reason, null),
            stub -> List.of(stub.query("decisions", SignalRecord[].class)));
      } catch (WorkflowNotFoundException ended) {
        throw ApiProblem.conflict("runId", "restore '" + runId + "' is not running: " + Failures.message(ended),
            "GET /api/v1/runs/" + runId + " shows how it ended");
      }
    } catch (ApiProblem refused) {
      audit.record(caller.name(), signal, runId, null, STEP, reason, "REFUSED", refused.getMessage());
      throw refused;
    }
    boolean refused = Boolean.FALSE.equals(outcome.accepted());
    audit.record(caller.name(), signal, runId, null, STEP, reason, refused ? "REFUSED" : AuditEntry.ACCEPTED,
        outcome.note());
    if (refused) {
      throw DecisionSignals.refusal(outcome, "GET /api/v1/runs/" + runId + " shows what the restore waits for");
    }
    return outcome;
  }
}
