package io.lifeboat.api.resources;

import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.temporal.WorkflowStarter;
import io.lifeboat.api.wire.Requester;
import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.workflows.retention.RetentionRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/v1/targets/{target}/retention[?dryRun=true][&reason=...]}: applies the
 * target's retention policy. The run's result (at its status URL) lists every backup with keep or
 * delete and the rules that kept it; a dry run deletes nothing. 409 while one is already running.
 */
@Path("/api/v1/targets/{target}/retention")
@Produces(MediaType.APPLICATION_JSON)
public final class RetentionResource {
  private final KnownTargets targets;
  private final WorkflowStarter starter;

  public RetentionResource(KnownTargets targets, WorkflowStarter starter) {
    this.targets = targets;
    this.starter = starter;
  }

  @POST
  @Requires(value = ApiTokenConfig.OPERATOR, scope = Requires.Scope.PATH_TARGET)
  public Response apply(
      @PathParam("target") String target,
      @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
      @QueryParam("reason") String reason,
      @HeaderParam(Requester.HEADER) @DefaultValue(Requester.ANONYMOUS) String user) {
    targets.require(target);
    return Started.accepted(starter.retention(new RetentionRequest(target, dryRun, user, reason)));
  }
}
