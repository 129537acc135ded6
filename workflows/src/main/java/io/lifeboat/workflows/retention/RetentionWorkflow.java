package io.lifeboat.workflows.retention;

import io.lifeboat.workflows.common.RunProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Applies a target's retention policy: plan (pure), then delete storage objects and catalog entries. */
@WorkflowInterface
public interface RetentionWorkflow {
  /** One retention run per target at a time. */
  static String workflowId(String target) {
    return "retention:" + target;
  }

  /** Dry runs delete nothing, so they have their own id: one may run beside a real run. */
  static String dryRunWorkflowId(String target) {
    return "retention-dry-run:" + target;
  }

  static String workflowId(RetentionRequest request) {
    return request.dryRun() ? dryRunWorkflowId(request.target()) : workflowId(request.target());
  }

  @WorkflowMethod
  RetentionResult apply(RetentionRequest request);

  @QueryMethod(description = "The run's steps: pending, running, done, failed or skipped, with what each did")
  RunProgress progress();
}
