package io.lifeboat.api.runbooks;

import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.runbooks.RunbookReport;
import io.lifeboat.runbooks.RunbookReportMarkdown;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A runbook run's report: the timeline of its steps with durations, and the RTO and RPO achieved
 * against the objectives; JSON, or Markdown with {@code ?format=md}. Available while the run goes
 * on (a report so far) and after it ended.
 */
@Path("/api/v1/runs/{runId: .+}/report")
public final class RunReportResource {
  private final RunbookRuns runs;

  public RunReportResource(RunbookRuns runs) {
    this.runs = runs;
  }

  @GET
  @Requires(ApiTokenConfig.VIEWER)
  @Produces({MediaType.APPLICATION_JSON, "text/markdown"})
  public Response report(@PathParam("runId") String runId, @QueryParam("format") @DefaultValue("json") String format) {
    if (!format.equals("json") && !format.equals("md")) {
      throw ApiProblem.badRequest("format", "format must be json or md, not '" + format + "'", null);
    }
    int slash = runId.lastIndexOf('/');
    if (slash <= 0 || slash == runId.length() - 1 || !runId.startsWith("runbook:")) {
      throw ApiProblem.badRequest("runId", "'" + runId + "' is not a runbook run id: reports exist for runbook runs",
          "runbook run ids look like runbook:<name>:<key>/<Temporal run id>");
    }
    RunbookRuns.View view = runs.inspect(runId.substring(0, slash), runId.substring(slash + 1))
        .orElseThrow(() -> ApiProblem.notFound("runId", "no run '" + runId + "'", "list runs with GET /api/v1/runs"));
    if (view.progress() == null) {
      throw ApiProblem.conflict("runId", "the run's progress cannot be read: " + view.progressUnavailable(),
          "a worker must be running to answer for a run");
    }
    RunbookReport report = RunbookReport.of(view.progress());
    return format.equals("md")
        ? Response.ok(RunbookReportMarkdown.render(report), "text/markdown; charset=utf-8").build()
        : Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
  }
}
