package io.lifeboat.workflows.restore;

import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.runbook.Decision;
import io.lifeboat.workflows.runbook.SignalRecord;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Identify backup, verify its checksums, (a second person's approval when it replaces data), safety
 * backup, restore beside, swap in, check. A rejected or expired approval ends the run with a
 * non-retryable failure of type {@link RunbookWorkflow#APPROVAL_REJECTED} or {@link
 * RunbookWorkflow#APPROVAL_TIMED_OUT}, the destination untouched.
 */
@WorkflowInterface
public interface RestoreWorkflow {
  /** One restore into a destination runs at a time; the same place on another server is another one. */
  static String workflowId(RestoreRequest request) {
    String id = request.source().schema() == null ? workflowId(request.target(), request.into())
        : schemaWorkflowId(request.target(), request.source().schema());
    return request.to() == null || request.to().isBlank() ? id : id + "@" + request.to();
  }

  /** One restore into a database runs at a time. */
  static String workflowId(String target, String database) {
    return "restore:" + target + ":" + database;
  }

  /** One restore of a tenant's schema runs at a time. */
  static String schemaWorkflowId(String target, String schema) {
    return "restore:" + target + ":schema:" + schema;
  }

  @WorkflowMethod
  RestoreResult restore(RestoreRequest request);

  @QueryMethod(description = "The run's steps: pending, running, done, failed or skipped, with what each did")
  RunProgress progress();

  @QueryMethod(description = "The approve, reject and override signals received, refused ones with why")
  List<SignalRecord> decisions();

  /** Approves the waiting replacement; refused (and recorded) when sent by who asked for the restore. */
  @SignalMethod(description = "Approve the restore waiting to replace data: who (not the requester) and why")
  void approve(Decision decision);

  /** Ends the run waiting for approval, nothing changed. */
  @SignalMethod(description = "Reject the restore waiting to replace data: who and why; nothing is changed")
  void reject(Decision decision);

  /** Break-glass: passes the approval without a second person; the API sends it only for the {@code admin} role. */
  @SignalMethod(description = "Break-glass (admin): let the restore replace data without a second person's approval;"
      + " who and why (required); recorded as OVERRIDDEN")
  void override(Decision decision);
}
