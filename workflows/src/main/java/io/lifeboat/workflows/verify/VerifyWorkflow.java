package io.lifeboat.workflows.verify;

import io.lifeboat.workflows.common.RunProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Checksums, signature, decryption, archive listing and a test restore of one backup. */
@WorkflowInterface
public interface VerifyWorkflow {
  static String workflowId(String backupId) {
    return "verify:" + backupId;
  }

  @WorkflowMethod
  VerifyResult verify(VerifyRequest request);

  @QueryMethod(description = "The run's steps: pending, running, done, failed or skipped, with what each did")
  RunProgress progress();
}
