package io.lifeboat.api.resources;

import io.lifeboat.api.wire.Requester;
import io.lifeboat.api.temporal.WorkflowStarter;
import io.lifeboat.api.wire.StartArchiveCheck;
import io.lifeboat.api.wire.StartRecovery;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
  @Path("recoveries")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response recover(
      @HeaderParam(Requester.HEADER) @DefaultValue(Requester.ANONYMOUS) String user, StartRecovery body) {
    return Started.accepted(starter.pointInTimeRecovery(parser.parse(body, user)));
  }

  @POST
  @Path("archive-checks")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response checkArchive(
      @HeaderParam(Requester.HEADER) @DefaultValue(Requester.ANONYMOUS) String user, StartArchiveCheck body) {
    return Started.accepted(starter.archiveCheck(
        RecoveryRequestParser.requireCluster(targets, body == null ? null : body.target()), user));
  }
}
