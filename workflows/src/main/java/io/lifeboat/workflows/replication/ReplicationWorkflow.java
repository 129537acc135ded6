package io.lifeboat.workflows.replication;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** Copies one backup to every off-site location, checking each copy's checksums. */
@WorkflowInterface
public interface ReplicationWorkflow {
  static String workflowId(String backupId) {
    return "replicate:" + backupId;
  }

  /** Fails (IntegrityFailure) when a copy is corrupt, after recording every location's state. */
  @WorkflowMethod
  List<CopyReport> replicate(ReplicationRequest request);
}
