package io.lifeboat.api.runbooks;

import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.ApiTokenConfig;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The audit trail: every start and signal, newest first; {@code runId} narrows it to one run. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {
  private static final int MAX = 1000;

  private final Catalog catalog;

  public AuditResource(Catalog catalog) {
    this.catalog = catalog;
  }

  @GET
  @Requires(ApiTokenConfig.VIEWER)
  public List<AuditEntry> list(@QueryParam("runId") String runId,
      @QueryParam("limit") @DefaultValue("100") String limit) {
    int parsed;
    try {
      parsed = Integer.parseInt(limit.strip());
    } catch (NumberFormatException e) {
      parsed = -1;
    }
    if (parsed < 1 || parsed > MAX) {
      throw ApiProblem.badRequest("limit", "limit must be a whole number from 1 to " + MAX + ", not '" + limit + "'",
          "leave it out for the newest 100");
    }
    return catalog.listAudit(runId, parsed);
  }
}
