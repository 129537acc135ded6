package io.lifeboat.workflows.runbook;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Executes a runbook step by step: waits at approvals, pauses for an operator where the runbook
 * says so, undoes what it did when a step fails with {@code compensate}, and measures RTO and RPO.
 * A failed, rejected or aborted run ends with a non-retryable failure of one of the types below.
 */
@WorkflowInterface
public interface RunbookWorkflow {
  String STEP_FAILED = "RunbookStepFailed";
  String ABORTED = "RunbookAborted";
  String APPROVAL_TIMED_OUT = "ApprovalTimedOut";
  String APPROVAL_REJECTED = "ApprovalRejected";

  /** {@code key} makes a start idempotent, e.g. an alert's fingerprint, so one alert starts one run. */
  static String workflowId(String runbook, String key) {
    return "runbook:" + runbook + ":" + key;
  }

  @WorkflowMethod
  RunbookProgress run(RunbookRequest request);

  @QueryMethod(description = "Every step of the runbook with its state, what the run waits for, the signals "
      + "received, and the RTO/RPO achieved")
  RunbookProgress progress();

  /**
   * Approves the waiting approval step; the step passes at its {@code approvals}-th distinct
   * approver. Refused (and recorded) when sent by who started the run, twice by one person, or
   * after the step was decided.
   */
  @SignalMethod(description = "Approve the step waiting for approval: who and why")
  void approve(Decision decision);

  /** Decides the waiting approval step at once; refused (and recorded) after it was decided. */
  @SignalMethod(description = "Reject the step waiting for approval: who and why; the run compensates and fails")
  void reject(Decision decision);

  /**
   * Break-glass: passes the waiting approval step without its approvers, recorded as OVERRIDDEN in
   * the step, the signal log and the worker's log. Refused without a reason. The workflow cannot
   * check roles: the API sends it only for the {@code admin} role.
   */
  @SignalMethod(description = "Break-glass (admin): pass the step waiting for approval without its approvers;"
      + " who and why (required); recorded as OVERRIDDEN")
  void override(Decision decision);

  /** After a failed {@code pause} step: run it again. */
  @SignalMethod(description = "Run again the step paused after a failure")
  void retry(Decision decision);

  /** After a failed {@code pause} step: leave it and go on. */
  @SignalMethod(description = "Skip the step paused after a failure and go on")
  void skip(Decision decision);

  /** Stops the run at the next step boundary, approval or pause, and undoes what it did. */
  @SignalMethod(description = "Stop the run: undo what was done (compensation) and fail")
  void abort(Decision decision);
}
