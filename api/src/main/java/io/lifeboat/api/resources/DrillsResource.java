package io.lifeboat.api.resources;

import io.lifeboat.api.auth.Caller;
import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.temporal.WorkflowStarter;
import io.lifeboat.api.wire.StartDrill;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DrillEntry;
import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.runbooks.RunbookLibrary;
import io.lifeboat.runbooks.RunbookValidationException;
import io.lifeboat.workflows.drill.DrillReport;
import io.lifeboat.workflows.drill.DrillRequest;
import io.lifeboat.workflows.drill.DrillWorkflow;
import io.lifeboat.workflows.runbook.Runbook;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Drills: start one (a runbook of the server's library or a declared target, checked before
 * anything starts), list them from the catalog, and read a drill's stored report.
 */
@Path("/api/v1/drills")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DrillsResource {
  private static final Map<String, String> FORMATS = Map.of(
      "json", MediaType.APPLICATION_JSON, "md", "text/markdown; charset=utf-8", "html", "text/html; charset=utf-8");

  private final RunbookLibrary library;
  private final KnownTargets targets;
  private final Catalog catalog;
  private final DrillReportBucket reports;
  private final WorkflowStarter starter;
  private final Clock clock;

  public DrillsResource(RunbookLibrary library, KnownTargets targets, Catalog catalog, DrillReportBucket reports,
      WorkflowStarter starter, Clock clock) {
    this.library = library;
    this.targets = targets;
    this.catalog = catalog;
    this.reports = reports;
    this.starter = starter;
    this.clock = clock;
  }

  /** 202 with the drill's run; its id is the drill's ({@code drill-20261204-203000-orders}). */
  @POST
  @Requires(value = ApiTokenConfig.OPERATOR, scope = Requires.Scope.CHECKED_BY_METHOD)
  public Response start(StartDrill body, @Context SecurityContext security) {
    Caller caller = Caller.of(security);
    if (body == null || blank(body.runbook()) == blank(body.target())) {
      throw ApiProblem.badRequest("runbook", "a drill needs exactly one of runbook and target",
          "give runbook to rehearse a runbook, or target to rehearse one target's restore");
    }
    Map<String, String> parameters = body.parameters() == null ? Map.of() : Map.copyOf(body.parameters());
    if (!blank(body.runbook())) {
      checkParameters(runbook(body.runbook()), parameters);
    } else {
      targets.require(body.target());
      if (!parameters.isEmpty()) {
        throw ApiProblem.badRequest("parameters", "a target's drill takes no parameters, got "
            + String.join(", ", parameters.keySet().stream().sorted().toList()),
            "leave parameters out, or drill a runbook that declares them");
      }
    }
    // a runbook can reach any target: only a token without targets drills one
    caller.requireTarget(blank(body.target()) ? null : body.target());
    DrillRequest request = new DrillRequest(blank(body.runbook()) ? null : body.runbook(),
        blank(body.target()) ? null : body.target(), parameters, caller.name(), body.reason(), body.keep(),
        body.waitForApprovals());
    return Started.accepted(starter.drill(request, DrillWorkflow.drillId(request.subject(), clock.instant())));
  }

  /** Drills, newest first; of those that restored {@code target}, or all. */
  @GET
  @Requires(ApiTokenConfig.VIEWER)
  public List<DrillEntry> list(@QueryParam("target") String target,
      @QueryParam("limit") @DefaultValue(ListLimit.DEFAULT) String limit) {
    return catalog.drills(blank(target) ? null : target, ListLimit.parse(limit));
  }

  @GET
  @Requires(ApiTokenConfig.VIEWER)
  @Path("/{drillId}")
  public DrillEntry drill(@PathParam("drillId") String drillId) {
    return catalog.drill(drillId).orElseThrow(() -> notIndexed(drillId));
  }

  /** The stored report, as JSON, Markdown or a self-contained HTML page. */
  @GET
  @Requires(ApiTokenConfig.VIEWER)
  @Path("/{drillId}/report")
  @Produces({MediaType.APPLICATION_JSON, "text/markdown", MediaType.TEXT_HTML})
  public Response report(@PathParam("drillId") String drillId,
      @QueryParam("format") @DefaultValue("json") String format) {
    String type = FORMATS.get(format);
    if (type == null) {
      throw ApiProblem.badRequest("format", "format must be json, md or html, not '" + format + "'", null);
    }
    String key = DrillReport.key(drillId, format);
    byte[] report = reports.read(key).orElseThrow(() -> catalog.drill(drillId).isPresent()
        ? ApiProblem.notFound("drillId", "drill '" + drillId + "' has no report at " + key + " in the bucket",
            "the report may have been deleted; `lifeboat catalog rebuild` re-indexes the reports the bucket keeps")
        : notIndexed(drillId));
    return Response.ok(report, type).build();
  }

  private static ApiProblem notIndexed(String drillId) {
    return ApiProblem.notFound("drillId", "no drill '" + drillId + "' in the catalog",
        "a drill is listed once its report is stored; GET /api/v1/drills lists them, and a running drill is"
            + " followed with GET /api/v1/runs");
  }

  private Runbook runbook(String name) {
    try {
      return library.load(name).orElseThrow(() -> ApiProblem.notFound("runbook", "no runbook '" + name + "'",
          library.names().isEmpty() ? "no runbooks are known: add one to the runbooks folder"
              : "known runbooks: " + String.join(", ", library.names().stream().sorted().toList())));
    } catch (RunbookValidationException invalid) {
      throw ApiProblem.badRequest("runbook", "runbook '" + name + "' is invalid: " + invalid.problems().size()
          + " problem(s), the first: " + invalid.problems().get(0), "`lifeboat runbook validate FILE` lists them");
    }
  }

  private static void checkParameters(Runbook runbook, Map<String, String> parameters) {
    try {
      runbook.parameterValues(parameters);
    } catch (IllegalArgumentException bad) {
      throw ApiProblem.badRequest("parameters", bad.getMessage(),
          "GET /api/v1/runbooks lists each runbook's parameters and their defaults");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
