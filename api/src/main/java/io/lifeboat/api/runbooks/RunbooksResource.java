package io.lifeboat.api.runbooks;

import io.lifeboat.api.auth.AuditTrail;
import io.lifeboat.api.auth.Caller;
import io.lifeboat.api.temporal.DecisionSignals;
import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.wire.InvalidRunbook;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.api.wire.RunbookRunDetail;
import io.lifeboat.api.wire.RunbookSignal;
import io.lifeboat.api.wire.RunbookSummary;
import io.lifeboat.api.wire.SignalOutcome;
import io.lifeboat.api.wire.StartRunbook;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.runbooks.RunbookLibrary;
import io.lifeboat.runbooks.RunbookValidationException;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.runbook.Decision;
import io.lifeboat.workflows.runbook.PasswordVariables;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.RunbookDurations;
import io.lifeboat.workflows.runbook.RunbookRequest;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runbooks and their runs: list the runbooks, start one (validated, parameters included, before
 * anything starts), follow a run, and answer it with approve, reject, retry, skip or abort, or
 * (admins only, break-glass) override a waiting approval. Every start and signal, accepted or
 * refused, goes to the audit trail.
 */
@Path("/api/v1/runbooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class RunbooksResource {
  public static final Set<String> SIGNALS = Set.of("approve", "reject", "retry", "skip", "abort");
  public static final String OVERRIDE = "override";
  private static final Logger LOG = LoggerFactory.getLogger(RunbooksResource.class);
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

  private final RunbookLibrary library;
  private final RunbookRuns runs;
  private final Catalog catalog;
  private final AuditTrail audit;
  private final PasswordVariables passwordVariables;

  /** @param passwordVariables the worker variables a run's steps may name as {@code password_env} */
  public RunbooksResource(RunbookLibrary library, RunbookRuns runs, Catalog catalog, AuditTrail audit,
      PasswordVariables passwordVariables) {
    this.library = library;
    this.runs = runs;
    this.catalog = catalog;
    this.audit = audit;
    this.passwordVariables = passwordVariables;
  }

  /** Every runbook, by name; an invalid one is listed with its problems. */
  @GET
  @Requires(ApiTokenConfig.VIEWER)
  public List<RunbookSummary> list() {
    List<RunbookSummary> summaries = new ArrayList<>();
    for (String name : library.names()) {
      try {
        Runbook runbook = library.load(name).orElseThrow();
        summaries.add(new RunbookSummary(name, runbook.description(),
            RunbookDurations.format(runbook.objectives().rto()),
            runbook.parameters().stream()
                .map(p -> new RunbookSummary.Parameter(p.name(), p.description(), p.defaultValue(),
                    p.type().yamlName()))
                .toList(),
            List.of()));
      } catch (RunbookValidationException invalid) {
        summaries.add(new RunbookSummary(name, null, null, List.of(),
            invalid.problems().stream().map(Object::toString).toList()));
      }
    }
    return summaries;
  }

  @POST
  @Requires(ApiTokenConfig.OPERATOR)
  @Path("/{name}/runs")
  public Response start(@PathParam("name") String name, StartRunbook body, @Context SecurityContext security) {
    Caller caller = (Caller) security.getUserPrincipal();
    StartRunbook request = body == null ? new StartRunbook(Map.of(), null) : body;
    try {
      RunReference run = start(name, request.params(), request.key(), caller.name(), false);
      audit.record(caller.name(), "start", run.runId(), name, null, null, AuditEntry.ACCEPTED, paramsText(request));
      return Response.accepted(run).build();
    } catch (ApiProblem | WebApplicationException | WorkflowExecutionAlreadyStarted refused) {
      audit.record(caller.name(), "start", null, name, null, null, "REFUSED",
          Failures.message(refused) + "; " + paramsText(request));
      throw refused;
    }
  }

  /**
   * Validates the runbook and its parameters, then starts it. Also the Alertmanager receiver's way
   * in ({@code oncePerKey}: one run per alert, ever).
   */
  RunReference start(String name, Map<String, String> params, String key, String startedBy, boolean oncePerKey) {
    Runbook runbook = load(name);
    Map<String, String> supplied = params == null ? Map.of() : params;
    Map<String, String> values;
    try {
      values = runbook.parameterValues(supplied);
    } catch (IllegalArgumentException bad) {
      throw ApiProblem.badRequest("params", bad.getMessage(),
          "GET /api/v1/runbooks lists each runbook's parameters and their defaults");
    }
    // before anything runs: a step further down must not send a worker secret as a password
    List<PasswordVariables.Refusal> refused = passwordVariables.refusals(runbook, values);
    if (!refused.isEmpty()) {
      throw ApiProblem.badRequest("runbook", refused.get(0).problem(), refused.get(0).fix());
    }
    if (key != null && !KEY.matcher(key).matches()) {
      throw ApiProblem.badRequest("key", "key '" + key + "' may hold only letters, digits, '.', '_', '-' and ':'"
          + " (at most 200)", "leave it out to start a new run every time");
    }
    String runKey = key != null ? key : UUID.randomUUID().toString().substring(0, 8);
    // A runbook stops services and replaces data: it starts only once its request is on record.
    audit.requireRecorded(startedBy, "start", name, null, "key " + runKey + " params " + supplied);
    return runs.start(new RunbookRequest(runbook, supplied, startedBy), runKey, oncePerKey);
  }

  Runbook load(String name) {
    try {
      return library.load(name).orElseThrow(() -> ApiProblem.notFound("name", "no runbook '" + name + "'",
          "GET /api/v1/runbooks lists them"));
    } catch (RunbookValidationException invalid) {
      throw new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(new InvalidRunbook(
              "runbook '" + name + "' is invalid and was not started: " + invalid.problems().size() + " problem(s)",
              "runbook", "fix the file; `lifeboat runbook validate FILE` lists the same problems",
              invalid.fileName(),
              invalid.problems().stream()
                  .map(p -> new InvalidRunbook.Problem(p.line(), p.column(), p.message())).toList()))
          .build());
    }
  }

  @GET
  @Requires(ApiTokenConfig.VIEWER)
  @Path("/{name}/runs/{runId: .+}")
  public RunbookRunDetail run(@PathParam("name") String name, @PathParam("runId") String runId) {
    RunIds ids = RunIds.parse(name, runId);
    Optional<RunEntry> recorded = catalog.findRun(runId);
    Optional<RunbookRuns.View> live;
    String unavailable = null;
    try {
      live = runs.inspect(ids.workflowId(), ids.temporalRunId());
    } catch (RuntimeException e) {
      live = Optional.empty();
      unavailable = "Temporal could not be asked: " + Failures.message(e);
    }
    if (live.isEmpty() && recorded.isEmpty()) {
      throw ApiProblem.notFound("runId", "no run '" + runId + "' of runbook " + name + (unavailable == null ? ""
          : "; " + unavailable), "list runs with GET /api/v1/runs");
    }
    return new RunbookRunDetail(runId, ids.workflowId(), name,
        live.map(RunbookRuns.View::status).orElseGet(() -> recorded.get().status().name()),
        live.map(RunbookRuns.View::progress).orElse(null),
        recorded.orElse(null),
        live.map(RunbookRuns.View::failure).orElse(null),
        live.map(RunbookRuns.View::progressUnavailable).orElse(unavailable));
  }

  /**
   * Approve or reject: the approver's decision. Its own method, so the role is decided by the
   * method matched and no spelling of the path reaches it with the operator role.
   */
  @POST
  @Requires(ApiTokenConfig.APPROVER)
  @Path("/{name}/runs/{runId: .+}/signals/{signal: approve|reject}")
  public SignalOutcome decide(@PathParam("name") String name, @PathParam("runId") String runId,
      @PathParam("signal") String signal, RunbookSignal body, @Context SecurityContext security)
      throws InterruptedException {
    return signal(name, runId, signal, body, Caller.of(security));
  }

  /** Retry, skip or abort: the operator's hand on a run. */
  @POST
  @Requires(ApiTokenConfig.OPERATOR)
  @Path("/{name}/runs/{runId: .+}/signals/{signal: retry|skip|abort}")
  public SignalOutcome control(@PathParam("name") String name, @PathParam("runId") String runId,
      @PathParam("signal") String signal, RunbookSignal body, @Context SecurityContext security)
      throws InterruptedException {
    return signal(name, runId, signal, body, Caller.of(security));
  }

  /**
   * Break-glass: an admin passes a waiting approval without its approvers, so a lone on-call
   * operator is never stuck at a gate. Needs the {@code admin} role and a reason; recorded loudly:
   * a warning in the log, the audit trail, and the run itself (the step reads "OVERRIDDEN by ...",
   * the signal log keeps the override).
   */
  @POST
  @Requires(ApiTokenConfig.ADMIN)
  @Path("/{name}/runs/{runId: .+}/signals/override")
  public SignalOutcome override(@PathParam("name") String name, @PathParam("runId") String runId,
      RunbookSignal body, @Context SecurityContext security) throws InterruptedException {
    Caller caller = Caller.of(security);
    LOG.warn("BREAK-GLASS: {} overrides an approval of run {} (step {}): {}", caller.name(), runId,
        body == null || body.step() == null ? "the waiting one" : body.step(), body == null ? null : body.reason());
    return signal(name, runId, OVERRIDE, body, caller);
  }

  /**
   * 200 with the run's answer when it accepted the signal (or had not answered yet); 403 when it
   * refused who sent it (four-eyes, not a named approver); 409 when nothing waits for it.
   */
  private SignalOutcome signal(String name, String runId, String signal, RunbookSignal body, Caller caller)
      throws InterruptedException {
    String step = body == null ? null : body.step();
    String reason = body == null ? null : body.reason();
    SignalOutcome outcome;
    try {
      if (reason == null || reason.isBlank()) {
        throw ApiProblem.badRequest("reason", "a " + signal + " needs a reason", "say why, for the run's record");
      }
      RunIds ids = RunIds.parse(name, runId);
      try {
        outcome = runs.signal(ids.workflowId(), ids.temporalRunId(), signal, new Decision(caller.name(), reason, step));
      } catch (WorkflowNotFoundException ended) {
        throw ApiProblem.conflict("runId", "run '" + runId + "' is not running: " + Failures.message(ended),
            "GET /api/v1/runbooks/" + name + "/runs/" + runId + " shows how it ended");
      }
    } catch (ApiProblem refused) {
      audit.record(caller.name(), signal, runId, name, step, reason, "REFUSED", refused.getMessage());
      throw refused;
    }
    boolean refused = Boolean.FALSE.equals(outcome.accepted());
    audit.record(caller.name(), signal, runId, name, step, reason, refused ? "REFUSED" : AuditEntry.ACCEPTED,
        outcome.note());
    if (refused) {
      throw DecisionSignals.refusal(outcome, "GET the run to see what it waits for");
    }
    return outcome;
  }

  private static String paramsText(StartRunbook request) {
    return "params " + (request.params() == null ? "{}" : new java.util.TreeMap<>(request.params()))
        + (request.key() == null ? "" : ", key " + request.key());
  }

  /** A runbook run's ids: {@code runbook:<name>:<key>/<Temporal run id>}. */
  record RunIds(String workflowId, String temporalRunId) {
    static RunIds parse(String name, String runId) {
      int slash = runId.lastIndexOf('/');
      String prefix = RunbookWorkflow.workflowId(name, "");
      if (slash <= 0 || slash == runId.length() - 1 || !runId.startsWith(prefix)) {
        throw ApiProblem.badRequest("runId", "'" + runId + "' is not a run of runbook " + name,
            "runbook run ids look like " + prefix + "<key>/<Temporal run id>");
      }
      return new RunIds(runId.substring(0, slash), runId.substring(slash + 1));
    }
  }
}
