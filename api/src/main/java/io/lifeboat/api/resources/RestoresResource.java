package io.lifeboat.api.resources;

import io.lifeboat.api.auth.Caller;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.util.Map;

/**
 * Restores of a backup into its target's place or another (a database, a directory, a destination
 * declared in the configuration); 409 while a restore into the same place runs.
 */
@Path("/api/v1/restores")
@Produces(MediaType.APPLICATION_JSON)
public final class RestoresResource {
  private final RestoreRequestParser parser;
  private final WorkflowStarter starter;

  public RestoresResource(KnownTargets targets, Map<String, DestinationConfig> destinations, Catalog catalog,
      Clock clock, WorkflowStarter starter) {
    this.parser = new RestoreRequestParser(targets, destinations, catalog, clock);
    this.starter = starter;
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
}
