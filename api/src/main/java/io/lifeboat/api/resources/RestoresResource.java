package io.lifeboat.api.resources;

import io.lifeboat.api.auth.AuditTrail;
import io.lifeboat.api.auth.Caller;
import io.lifeboat.api.temporal.DecisionSignals;
import io.lifeboat.api.wire.RunbookSignal;
import io.lifeboat.api.wire.SignalOutcome;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.temporal.WorkflowStarter;
import io.lifeboat.api.wire.Requester;
import io.lifeboat.api.wire.StartRestore;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.config.DestinationConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores of a backup into its target's place or another (a database, a directory, a destination
 * declared in the configuration); 409 while a restore into the same place runs. A restore that
 * replaces data waits for a second person's approval (unless its target says {@code replaceApproval:
 * none}), given here.
 */
@Path("/api/v1/restores")
@Produces(MediaType.APPLICATION_JSON)
public final class RestoresResource {
  private static final Logger LOG = LoggerFactory.getLogger(RestoresResource.class);
  private final RestoreRequestParser parser;
  private final WorkflowStarter starter;
  private final RestoreDecisions decisions;

  public RestoresResource(KnownTargets targets, Map<String, DestinationConfig> destinations, Catalog catalog,
      Clock clock, WorkflowStarter starter, DecisionSignals signals, AuditTrail audit) {
    this.parser = new RestoreRequestParser(targets, destinations, catalog, clock);
    this.starter = starter;
    this.decisions = new RestoreDecisions(signals, audit);
  }

  @POST
  @Requires(value = ApiTokenConfig.OPERATOR, scope = Requires.Scope.CHECKED_BY_METHOD)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response start(
      @HeaderParam(Requester.HEADER) @DefaultValue(Requester.ANONYMOUS) String user, StartRestore body,
      @Context SecurityContext security) {
    Caller caller = Caller.of(security);
    caller.requireTarget(body == null ? null : body.target());
    if (caller.limited() && body != null && (body.to() != null || body.toHost() != null)) {
      // the target's data onto any other server would leave the targets the token is limited to
      throw ApiProblem.forbidden(body.toHost() != null ? "toHost" : "to", caller.name() + " may restore only onto"
          + " the targets it is limited to, not onto another server", "leave out to and toHost, or ask for a token"
          + " without targets");
    }
    return Started.accepted(starter.restore(parser.parse(body, user)));
  }

  /**
   * Approve or reject a restore waiting to replace data: the approver's decision, never the
   * requester's own (four-eyes). Its own method, so the role is decided by the method matched.
   */
  @POST
  @Requires(value = ApiTokenConfig.APPROVER, scope = Requires.Scope.CHECKED_BY_METHOD)
  @Path("/{runId: .+}/signals/{signal: approve|reject}")
  @Consumes(MediaType.APPLICATION_JSON)
  public SignalOutcome decide(@PathParam("runId") String runId, @PathParam("signal") String signal,
      RunbookSignal body, @Context SecurityContext security) throws InterruptedException {
    return decisions.decide(runId, signal, body, Caller.of(security));
  }

  /**
   * Break-glass: an admin lets a restore replace data without a second person, so a lone on-call
   * operator is never stuck. Needs a reason; recorded loudly: the log, the audit trail, the run.
   */
  @POST
  @Requires(value = ApiTokenConfig.ADMIN, scope = Requires.Scope.CHECKED_BY_METHOD)
  @Path("/{runId: .+}/signals/override")
  @Consumes(MediaType.APPLICATION_JSON)
  public SignalOutcome override(@PathParam("runId") String runId, RunbookSignal body,
      @Context SecurityContext security) throws InterruptedException {
    Caller caller = Caller.of(security);
    LOG.warn("BREAK-GLASS: {} overrides the approval of restore {}: {}", caller.name(), runId,
        body == null ? null : body.reason());
    return decisions.decide(runId, "override", body, caller);
  }
}
