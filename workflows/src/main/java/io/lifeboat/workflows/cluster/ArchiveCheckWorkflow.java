package io.lifeboat.workflows.cluster;

import io.lifeboat.workflows.common.RunProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Lists a cluster target's WAL archive and fails, naming them, when it has gaps. */
@WorkflowInterface
public interface ArchiveCheckWorkflow {
  static String workflowId(String target) {
    return "archive-check:" + target;
  }

  /** The archive's state; fails with type {@code WalGap} when a segment is missing. */
  @WorkflowMethod
  ArchiveReport check(String target);

  @QueryMethod(description = "The run's steps: pending, running, done, failed or skipped, with what each did")
  RunProgress progress();
}
