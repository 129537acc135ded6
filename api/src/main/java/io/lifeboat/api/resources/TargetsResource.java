package io.lifeboat.api.resources;

import io.lifeboat.api.TargetStatuses;
import io.lifeboat.api.temporal.WorkflowStarter;
import io.lifeboat.api.wire.Requester;
import io.lifeboat.api.wire.StartBackup;
import io.lifeboat.api.wire.TargetStatus;
import io.lifeboat.workflows.backup.BackupRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The configured targets: their backup freshness, and backups started on demand. */
@Path("/api/v1/targets")
@Produces(MediaType.APPLICATION_JSON)
public final class TargetsResource {
  private final KnownTargets targets;
  private final TargetStatuses statuses;
  private final WorkflowStarter starter;

  public TargetsResource(KnownTargets targets, TargetStatuses statuses, WorkflowStarter starter) {
    this.targets = targets;
    this.statuses = statuses;
    this.starter = starter;
  }

  @GET
  public List<TargetStatus> list() {
    return statuses.all();
  }

  /** Starts a backup of the target now; 409 if one of it is already running. */
  @POST
  @Path("/{target}/backups")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response startBackup(
      @PathParam("target") String target,
      @HeaderParam(Requester.HEADER) @DefaultValue(Requester.ANONYMOUS) String user,
      StartBackup body) {
    targets.require(target);
    String reason = body == null ? null : body.reason();
    return Started.accepted(starter.backup(new BackupRequest(target, reason, user)));
  }
}
