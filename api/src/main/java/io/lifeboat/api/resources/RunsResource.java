package io.lifeboat.api.resources;

import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.temporal.LiveRun;
import io.lifeboat.api.temporal.RunInspector;
import io.lifeboat.api.wire.RunDetail;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.workflows.common.Failures;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs as the catalog records them, and one run with Temporal's live view of it. The catalog
 * lists runs because the Temporal test server cannot; Temporal knows a run from its first
 * moment, the catalog only once the workflow has indexed it.
 */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public final class RunsResource {
  private final Catalog catalog;
  private final RunInspector inspector;

  public RunsResource(Catalog catalog, RunInspector inspector) {
    this.catalog = catalog;
    this.inspector = inspector;
  }

  /**
   * Most recently started first; of one target, type and status when given. The target is not
   * checked against the configuration: runs of a target no longer declared stay listed.
   */
  @GET
  @Requires(ApiTokenConfig.VIEWER)
  public List<RunEntry> list(
      @QueryParam("target") String target,
      @QueryParam("type") String type,
      @QueryParam("status") String status,
      @QueryParam("limit") @DefaultValue(ListLimit.DEFAULT) String limit) {
    return catalog.listRuns(blankToNull(target), oneOf(RunEntry.Type.class, "type", type),
        oneOf(RunEntry.Status.class, "status", status), ListLimit.parse(limit));
  }

  /** {@code value} as one of {@code values}, spelled as they are; null when not given. */
  private static <E extends Enum<E>> E oneOf(Class<E> values, String field, String value) {
    if (blankToNull(value) == null) {
      return null;
    }
    for (E candidate : values.getEnumConstants()) {
      if (candidate.name().equals(value.strip())) {
        return candidate;
      }
    }
    String allowed = Arrays.stream(values.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    throw ApiProblem.badRequest(field, field + " must be one of " + allowed + ", not '" + value + "'",
        "leave " + field + " out for runs of every " + field);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** {@code runId} is {@code <workflowId>/<Temporal run id>}, slash included. */
  @GET
  @Requires(ApiTokenConfig.VIEWER)
  @Path("/{runId: .+}")
  public RunDetail get(@PathParam("runId") String runId) {
    int slash = runId.lastIndexOf('/');
    if (slash <= 0 || slash == runId.length() - 1) {
      throw ApiProblem.badRequest("runId", "'" + runId + "' is not a Lifeboat run id",
          "run ids look like backup:orders/<Temporal run id>; list them with GET /api/v1/runs");
    }
    String workflowId = runId.substring(0, slash);
    Optional<RunEntry> recorded = catalog.findRun(runId);
    Optional<LiveRun> live;
    String liveUnavailable = null;
    try {
      live = inspector.inspect(workflowId, runId.substring(slash + 1));
    } catch (RuntimeException e) {
      // Temporal down: the catalog's record still answers the question, minus live progress.
      live = Optional.empty();
      liveUnavailable = "Temporal could not be asked: " + Failures.message(e);
    }
    if (recorded.isEmpty() && live.isEmpty()) {
      String why = liveUnavailable == null ? "" : "; " + liveUnavailable;
      throw ApiProblem.notFound("runId", "no run '" + runId + "'" + why, "list runs with GET /api/v1/runs");
    }
    if (live.isPresent()) {
      liveUnavailable = live.get().progressUnavailable();
    }
    RunEntry run = recorded.orElse(null);
    return new RunDetail(
        runId,
        workflowId,
        type(run, live.orElse(null)),
        run == null ? null : run.target(),
        live.map(LiveRun::status).orElseGet(() -> run.status().name()),
        run,
        live.map(LiveRun::progress).orElse(null),
        live.map(LiveRun::result).orElse(null),
        live.map(LiveRun::failure).orElse(null),
        liveUnavailable);
  }

  // BACKUP, VERIFY, RESTORE...: the catalog's word, else the workflow's own, else its type name.
  private static String type(RunEntry run, LiveRun live) {
    if (run != null) {
      return run.type().name();
    }
    if (live.progress() != null) {
      return live.progress().runType();
    }
    return live.workflowType().replaceFirst("Workflow$", "").toUpperCase(Locale.ROOT);
  }
}
