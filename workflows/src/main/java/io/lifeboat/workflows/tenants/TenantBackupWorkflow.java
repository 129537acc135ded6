package io.lifeboat.workflows.tenants;

import io.lifeboat.workflows.common.RunProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Backs up every tenant schema matching a pattern as child backups, a bounded number at a time.
 * One tenant failing does not stop or hide the others; the run fails at the end naming each.
 */
@WorkflowInterface
public interface TenantBackupWorkflow {
  /** Concurrent child backups when the request does not say. */
  int DEFAULT_CONCURRENCY = 2;

  static String workflowId(String target, String pattern) {
    return "backup:" + target + ":tenants:" + pattern;
  }

  @WorkflowMethod
  TenantBackupResult backupTenants(TenantBackupRequest request);

  @QueryMethod(description = "The run's steps: pending, running, done, failed or skipped, with what each did")
  RunProgress progress();
}
