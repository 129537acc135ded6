package io.lifeboat.workflows.replication;

import io.lifeboat.workflows.common.RunProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * {@code lifeboat copies sync}: re-copies to off-site locations every backup and WAL file they
 * lack or hold damaged. The request that locations with {@code afterEachBackup: false} wait for.
 */
@WorkflowInterface
public interface CopySyncWorkflow {
  /** One sync at a time per location (or for all): a second start is refused while one runs. */
  static String workflowId(CopySyncRequest request) {
    return "copies-sync:" + (request.location() == null ? "all" : request.location());
  }

  /**
   * Completes with every line (copied, already there, failed with the cause) even when some
   * failed; fails only on a bad request.
   */
  @WorkflowMethod
  CopySyncReport sync(CopySyncRequest request);

  @QueryMethod(description = "The run's steps: one per location, with what each copied so far")
  RunProgress progress();
}
