package io.lifeboat.workflows.backup;

import io.lifeboat.workflows.common.RunProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Takes a logical backup of a PostgreSQL target, stores it as a signed backup folder, records it. */
@WorkflowInterface
public interface BackupWorkflow {
  /** Workflow ID of the backup of a target: one backup of a target runs at a time. */
  static String workflowId(String target) {
    return "backup:" + target;
  }

  /** Workflow ID of the backup of one schema (a tenant) of a target. */
  static String workflowId(String target, String schema) {
    return "backup:" + target + ":" + schema;
  }

  @WorkflowMethod
  BackupResult backup(BackupRequest request);

  @QueryMethod(description = "The run's steps: pending, running, done, failed or skipped, with what each did")
  RunProgress progress();
}
