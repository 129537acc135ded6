package io.lifeboat.api.errors;

import io.lifeboat.api.temporal.WorkflowStarter;
import io.lifeboat.api.wire.ApiError;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * A start refused because the same work (same business workflow id) is running: 409 naming the
 * running workflow, so the caller follows that run instead of starting a second one.
 */
public final class AlreadyRunningMapper implements ExceptionMapper<WorkflowExecutionAlreadyStarted> {
  @Override
  public Response toResponse(WorkflowExecutionAlreadyStarted e) {
    String workflowId = e.getExecution().getWorkflowId();
    // The SDK fills in the running run's id from the server's answer; without it, the id alone.
    String runId = e.getExecution().getRunId().isEmpty() ? null : WorkflowStarter.runId(e.getExecution());
    String follow = runId == null ? "wait until it ends" : "follow it at " + WorkflowStarter.statusUrl(runId);
    ApiError body =
        new ApiError(
            "workflow " + workflowId + " is already running; nothing new was started",
            null,
            follow + ", or ask again once it has ended",
            workflowId,
            runId);
    return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }
}
