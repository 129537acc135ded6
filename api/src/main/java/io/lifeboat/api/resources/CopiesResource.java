package io.lifeboat.api.resources;

import io.lifeboat.api.auth.Caller;
import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.temporal.WorkflowStarter;
import io.lifeboat.api.wire.Requester;
import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.config.CopyLocationConfig;
import io.lifeboat.workflows.replication.CopySyncRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/**
 * {@code POST /api/v1/copies/sync[?location=L][&target=T]}: re-copies to off-site locations every
 * backup and WAL file they lack or hold damaged. The run's result lists, one line each, what was
 * copied, what was already there and what failed with the cause. It is how locations with
 * {@code afterEachBackup: false} get their copies. 409 while a sync of the same location runs.
 */
@Path("/api/v1/copies/sync")
@Produces(MediaType.APPLICATION_JSON)
public final class CopiesResource {
  private final KnownTargets targets;
  private final List<String> locations;
  private final WorkflowStarter starter;

  public CopiesResource(KnownTargets targets, List<CopyLocationConfig> locations, WorkflowStarter starter) {
    this.targets = targets;
    this.locations = locations.stream().map(CopyLocationConfig::getName).toList();
    this.starter = starter;
  }

  @POST
  @Requires(value = ApiTokenConfig.OPERATOR, scope = Requires.Scope.CHECKED_BY_METHOD)
  public Response sync(
      @QueryParam("location") String location,
      @QueryParam("target") String target,
      @HeaderParam(Requester.HEADER) @DefaultValue(Requester.ANONYMOUS) String user,
      @Context SecurityContext security) {
    Caller.of(security).requireTarget(target);
    if (locations.isEmpty()) {
      throw ApiProblem.badRequest("location", "no off-site location is configured",
          "declare one under storage.copies in the configuration file");
    }
    if (location != null && !locations.contains(location)) {
      throw ApiProblem.notFound("location", "unknown off-site location '" + location + "'",
          "declared locations: " + String.join(", ", locations));
    }
    if (target != null) {
      targets.require(target);
    }
    return Started.accepted(starter.copySync(new CopySyncRequest(location, target, user)));
  }
}
