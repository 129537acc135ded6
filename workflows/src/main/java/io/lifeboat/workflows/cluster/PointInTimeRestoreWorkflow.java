package io.lifeboat.workflows.cluster;

import io.lifeboat.workflows.common.RunProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Plan → fetch the base backup → start the server in recovery → wait for the target → verify. */
@WorkflowInterface
public interface PointInTimeRestoreWorkflow {
  /** One recovery into a data directory runs at a time. */
  static String workflowId(String target, String dataDirectory) {
    return "pitr:" + target + ":" + dataDirectory;
  }

  @WorkflowMethod
  PointInTimeResult recover(PointInTimeRequest request);

  @QueryMethod(description = "The run's steps: pending, running, done, failed or skipped, with what each did")
  RunProgress progress();
}
