package io.lifeboat.api.errors;

import io.lifeboat.api.wire.ApiError;
import io.temporal.client.WorkflowServiceException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal could not be asked to start a run (down, unreachable, refusing the namespace): 503
 * saying so, instead of an anonymous 500, so the operator looks at Temporal and not at Lifeboat.
 */
public final class TemporalUnavailableMapper implements ExceptionMapper<WorkflowServiceException> {
  private static final Logger LOG = LoggerFactory.getLogger(TemporalUnavailableMapper.class);

  private final String target;

  public TemporalUnavailableMapper(String target) {
    this.target = target;
  }

  @Override
  public Response toResponse(WorkflowServiceException e) {
    LOG.warn("Temporal at {} failed a call for workflow {}", target, e.getExecution().getWorkflowId(), e);
    String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
    ApiError body = ApiError.of("Temporal at " + target + " could not start the run: " + reason, null,
        "nothing was started; check that Temporal is up (the admin port's /healthcheck shows it) and try again");
    return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(body).build();
  }
}
