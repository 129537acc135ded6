package io.lifeboat.api.resources;

import io.lifeboat.api.TargetStatuses;
import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.temporal.WorkflowStarter;
import io.lifeboat.api.wire.Requester;
import io.lifeboat.api.wire.StartBackup;
import io.lifeboat.api.wire.TargetStatus;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.tenants.TenantBackupRequest;
import io.lifeboat.workflows.tenants.TenantBackupWorkflow;
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
  /** Each tenant backup is a pg_dump and a stream through the pipeline; more at once only queue. */
  static final int MAX_CONCURRENCY = 16;

  private final KnownTargets targets;
  private final TargetStatuses statuses;
  private final WorkflowStarter starter;

  public TargetsResource(KnownTargets targets, TargetStatuses statuses, WorkflowStarter starter) {
    this.targets = targets;
    this.statuses = statuses;
    this.starter = starter;
  }

  @GET
  @Requires(ApiTokenConfig.VIEWER)
  public List<TargetStatus> list() {
    return statuses.all();
  }

  /**
   * Starts a backup of the target now, of one tenant schema, or of every tenant matching a
   * pattern; 409 if the same one is already running.
   */
  @POST
  @Requires(value = ApiTokenConfig.OPERATOR, scope = Requires.Scope.PATH_TARGET)
  @Path("/{target}/backups")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response startBackup(
      @PathParam("target") String target,
      @HeaderParam(Requester.HEADER) @DefaultValue(Requester.ANONYMOUS) String user,
      StartBackup body) {
    TargetConfig declared = targets.require(target);
    if (body == null || (body.schema() == null && body.schemas() == null)) {
      return Started.accepted(starter.backup(new BackupRequest(target, body == null ? null : body.reason(), user)));
    }
    String field = body.schema() != null ? "schema" : "schemas";
    TenantNames.requirePostgres(target, declared, field);
    if (body.schema() != null && body.schemas() != null) {
      throw ApiProblem.badRequest("schemas", "give schema or schemas, not both",
          "schema backs up one tenant; schemas every tenant matching a pattern such as \"tenant_*\"");
    }
    if (body.schema() != null) {
      return Started.accepted(starter.backup(
          new BackupRequest(target, body.reason(), user, TenantNames.schema(body.schema(), "schema"))));
    }
    int concurrency = body.concurrency() == null ? TenantBackupWorkflow.DEFAULT_CONCURRENCY : body.concurrency();
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw ApiProblem.badRequest("concurrency", "concurrency " + concurrency + " is out of range",
          "run 1 to " + MAX_CONCURRENCY + " tenant backups at a time (default "
              + TenantBackupWorkflow.DEFAULT_CONCURRENCY + ")");
    }
    return Started.accepted(starter.tenantBackups(new TenantBackupRequest(target,
        TenantNames.glob(body.schemas(), "schemas"), concurrency, body.reason(), user)));
  }
}
