package io.lifeboat.api.resources;

import io.lifeboat.api.auth.Caller;
import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.wire.Requester;
import io.lifeboat.api.temporal.WorkflowStarter;
import io.lifeboat.api.wire.StartArchiveCheck;
import io.lifeboat.api.wire.StartRecovery;
import io.lifeboat.config.ApiTokenConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Point-in-time recoveries of PostgreSQL clusters and checks of their WAL archives; 409 while
 * one into the same directory (or of the same archive) runs.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class RecoveriesResource {
  private final KnownTargets targets;
  private final RecoveryRequestParser parser;
  private final WorkflowStarter starter;

  public RecoveriesResource(KnownTargets targets, WorkflowStarter starter) {
    this.targets = targets;
    this.parser = new RecoveryRequestParser(targets);
    this.starter = starter;
  }

  @POST
  @Requires(value = ApiTokenConfig.OPERATOR, scope = Requires.Scope.CHECKED_BY_METHOD)
  @Path("recoveries")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response recover(
      @HeaderParam(Requester.HEADER) @DefaultValue(Requester.ANONYMOUS) String user, StartRecovery body,
      @Context SecurityContext security) {
    Caller.of(security).requireTarget(body == null ? null : body.target());
    return Started.accepted(starter.pointInTimeRecovery(parser.parse(body, user)));
  }

  @POST
  @Requires(value = ApiTokenConfig.OPERATOR, scope = Requires.Scope.CHECKED_BY_METHOD)
  @Path("archive-checks")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response checkArchive(
      @HeaderParam(Requester.HEADER) @DefaultValue(Requester.ANONYMOUS) String user, StartArchiveCheck body,
      @Context SecurityContext security) {
    String target = RecoveryRequestParser.requireCluster(targets, body == null ? null : body.target());
    Caller.of(security).requireTarget(target);
    return Started.accepted(starter.archiveCheck(target, user));
  }
}
