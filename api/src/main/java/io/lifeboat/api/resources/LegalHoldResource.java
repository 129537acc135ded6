package io.lifeboat.api.resources;

import io.lifeboat.api.auth.AuditTrail;
import io.lifeboat.api.auth.Caller;
import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.temporal.WorkflowStarter;
import io.lifeboat.api.wire.LegalHold;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.workflows.lock.LegalHoldRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;

/**
 * {@code PUT|DELETE /api/v1/backups/{backupId}/legal-hold?reason=...}: puts a backup under legal
 * hold (retention never deletes it, whatever its policy says) or releases it. A reason is
 * required; who and why go to the audit trail. With Object Lock on, a run then sets S3's own legal
 * hold on the backup's objects as well.
 */
@Path("/api/v1/backups/{backupId}/legal-hold")
@Produces(MediaType.APPLICATION_JSON)
public final class LegalHoldResource {
  private final Catalog catalog;
  private final IndexedBackups backups;
  private final AuditTrail audit;
  private final WorkflowStarter starter;
  private final boolean objectLock;
  private final Clock clock;

  /** {@code objectLock}: whether storage.objectLock is configured, so S3 legal holds can be set. */
  public LegalHoldResource(Catalog catalog, AuditTrail audit, WorkflowStarter starter, boolean objectLock,
      Clock clock) {
    this.catalog = catalog;
    this.backups = new IndexedBackups(catalog);
    this.audit = audit;
    this.starter = starter;
    this.objectLock = objectLock;
    this.clock = clock;
  }

  @PUT
  @Requires(value = ApiTokenConfig.OPERATOR, scope = Requires.Scope.CHECKED_BY_METHOD)
  public LegalHold hold(@PathParam("backupId") String backupId, @QueryParam("reason") String reason,
      @Context SecurityContext security) {
    return set(backupId, true, reason, (Caller) security.getUserPrincipal());
  }

  @DELETE
  @Requires(value = ApiTokenConfig.OPERATOR, scope = Requires.Scope.CHECKED_BY_METHOD)
  public LegalHold release(@PathParam("backupId") String backupId, @QueryParam("reason") String reason,
      @Context SecurityContext security) {
    return set(backupId, false, reason, (Caller) security.getUserPrincipal());
  }

  private LegalHold set(String backupId, boolean hold, String reason, Caller caller) {
    String action = hold ? "legal-hold" : "legal-hold-release";
    if (reason == null || reason.isBlank()) {
      audit.record(caller.name(), action, null, null, null, null, "INVALID", "backup " + backupId + ": no reason");
      throw ApiProblem.badRequest("reason", "a legal hold " + (hold ? "" : "release ") + "needs a reason",
          "say who asked and why, e.g. ?reason=case%202026-117%20(legal)");
    }
    BackupEntry backup = backups.require(backupId, "backupId");
    caller.requireTarget(backup.target());
    if (backup.status() != BackupEntry.Status.COMPLETED) {
      audit.record(caller.name(), action, null, null, null, reason, "REFUSED",
          "backup " + backupId + " is " + backup.status());
      throw ApiProblem.conflict("backupId", "backup " + backupId + " is " + backup.status()
          + ": there is nothing left to hold", "hold a completed backup; GET /api/v1/backups lists them");
    }
    catalog.setLegalHold(backupId, hold);
    RunReference applied = objectLock
        ? starter.legalHold(new LegalHoldRequest(backupId, hold, caller.name(), reason), backup.target()) : null;
    audit.record(caller.name(), action, applied == null ? null : applied.runId(), null, null, reason,
        AuditEntry.ACCEPTED, "backup " + backupId);
    return new LegalHold(backupId, hold, caller.name(), reason, clock.instant(), applied);
  }
}
