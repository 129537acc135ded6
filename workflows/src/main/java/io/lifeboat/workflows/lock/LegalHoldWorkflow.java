package io.lifeboat.workflows.lock;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Applies a legal hold (set or released in the catalog by the API) to the backup's objects with
 * S3's own legal hold, so not even a principal allowed to bypass governance retention can delete
 * them. Returns how many objects it set.
 */
@WorkflowInterface
public interface LegalHoldWorkflow {
  static String workflowId(LegalHoldRequest request) {
    return (request.hold() ? "legal-hold:" : "legal-hold-release:") + request.backupId();
  }

  @WorkflowMethod
  int apply(LegalHoldRequest request);
}
