package io.lifeboat.workflows.restore;

import io.lifeboat.workflows.common.RunProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Identify backup, verify its checksums, safety backup, restore beside, swap in, check. */
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
}
