package io.lifeboat.api.resources;

import io.lifeboat.api.auth.Caller;
import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.temporal.WorkflowStarter;
import io.lifeboat.api.wire.Requester;
import io.lifeboat.api.wire.StartVerification;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.workflows.verify.VerifyRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/**
 * The backup index. Backups of targets no longer in the configuration stay listed (and
 * restorable) as long as the bucket holds them, so {@code target} filters without being checked
 * against the configuration.
 */
@Path("/api/v1/backups")
@Produces(MediaType.APPLICATION_JSON)
public final class BackupsResource {
  private final Catalog catalog;
  private final IndexedBackups backups;
  private final WorkflowStarter starter;

  public BackupsResource(Catalog catalog, WorkflowStarter starter) {
    this.catalog = catalog;
    this.backups = new IndexedBackups(catalog);
    this.starter = starter;
  }

  /** Newest recovery point first; with {@code schema}, one tenant's backups of the target. */
  @GET
  @Requires(ApiTokenConfig.VIEWER)
  public List<BackupEntry> list(
      @QueryParam("target") String target,
      @QueryParam("schema") String schema,
      @QueryParam("limit") @DefaultValue(ListLimit.DEFAULT) String limit) {
    if (schema == null) {
      return catalog.listBackups(target, ListLimit.parse(limit));
    }
    if (target == null) {
      throw ApiProblem.badRequest("target", "schema needs target", "add target=<the PostgreSQL target>");
    }
    return catalog.listSchemaBackups(target, TenantNames.schema(schema, "schema"), ListLimit.parse(limit));
  }

  @GET
  @Requires(ApiTokenConfig.VIEWER)
  @Path("/{backupId}")
  public BackupEntry get(@PathParam("backupId") String backupId) {
    return backups.require(backupId, "backupId");
  }

  /** Verifies the backup: checksums, signature, decryption, listing and, by default, a test restore. */
  @POST
  @Requires(value = ApiTokenConfig.OPERATOR, scope = Requires.Scope.CHECKED_BY_METHOD)
  @Path("/{backupId}/verifications")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response startVerification(
      @PathParam("backupId") String backupId,
      @HeaderParam(Requester.HEADER) @DefaultValue(Requester.ANONYMOUS) String user,
      StartVerification body, @Context SecurityContext security) {
    BackupEntry backup = backups.require(backupId, "backupId");
    Caller.of(security).requireTarget(backup.target());
    boolean testRestore = body == null || body.testRestoreOrDefault();
    return Started.accepted(starter.verify(new VerifyRequest(backupId, testRestore, user), backup.target()));
  }
}
