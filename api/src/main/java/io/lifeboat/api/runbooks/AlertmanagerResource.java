package io.lifeboat.api.runbooks;

import io.lifeboat.api.auth.AuditTrail;
import io.lifeboat.api.auth.Caller;
import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.wire.AlertmanagerWebhook;
import io.lifeboat.api.wire.AlertmanagerWebhook.Alert;
import io.lifeboat.api.wire.AlertmanagerWebhook.Outcome;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.config.AlertRouteConfig;
import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.Stage;
import io.lifeboat.workflows.runbook.StepType;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager's webhook receiver. A firing alert that matches a configured route starts that
 * route's runbook, which must begin with an approval: an alert never restores anything on its own,
 * it gets a run ready and waiting for a person. One firing alert (its fingerprint and the time it
 * started firing) starts one run, however often Alertmanager delivers it; resolved alerts do
 * nothing. Answers 200 with what it did for each alert, so Alertmanager does not re-send a payload
 * Lifeboat refused on purpose.
 */
@Path("/api/v1/alerts/alertmanager")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AlertmanagerResource {
  private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerResource.class);

  private final List<AlertRouteConfig> routes;
  private final RunbooksResource runbooks;
  private final AuditTrail audit;

  public AlertmanagerResource(List<AlertRouteConfig> routes, RunbooksResource runbooks, AuditTrail audit) {
    this.routes = List.copyOf(routes);
    this.runbooks = runbooks;
    this.audit = audit;
  }

  @POST
  @Requires(ApiTokenConfig.OPERATOR)
  public List<Outcome> receive(AlertmanagerWebhook webhook, @Context SecurityContext security) {
    if (webhook == null || webhook.alerts() == null) {
      throw ApiProblem.badRequest("alerts", "not an Alertmanager webhook payload: no alerts",
          "point an Alertmanager webhook_config at this URL");
    }
    Caller caller = (Caller) security.getUserPrincipal();
    List<Outcome> outcomes = new ArrayList<>();
    for (Alert alert : webhook.alerts()) {
      outcomes.add(handle(alert, caller));
    }
    return outcomes;
  }

  private Outcome handle(Alert alert, Caller caller) {
    String fingerprint = alert.fingerprint();
    if (!"firing".equals(alert.status())) {
      return new Outcome(fingerprint, "resolved", null, null, null);
    }
    Map<String, String> labels = alert.labels() == null ? Map.of() : alert.labels();
    Optional<AlertRouteConfig> route = routes.stream().filter(r -> r.matches(labels)).findFirst();
    if (route.isEmpty()) {
      return new Outcome(fingerprint, "no-route", null, null, null);
    }
    String runbook = route.get().getRunbook();
    String detail = "alert " + labels.getOrDefault("alertname", "?") + " " + fingerprint;
    try {
      if (fingerprint == null || !fingerprint.matches("[A-Za-z0-9]{1,64}")) {
        throw ApiProblem.badRequest("fingerprint", "the alert has no usable fingerprint: " + fingerprint, null);
      }
      requireApprovalFirst(runbooks.load(runbook));
      Map<String, String> params = route.get().paramsFor(labels, alert.startsAt());
      RunReference run = runbooks.start(runbook, params, key(fingerprint, alert.startsAt()), caller.name(), true);
      audit.record(caller.name(), "start", run.runId(), runbook, null, null, AuditEntry.ACCEPTED,
          detail + " params " + params);
      LOG.info("{} started runbook {}: run {} waits for approval", detail, runbook, run.runId());
      return new Outcome(fingerprint, "started", runbook, run.runId(), null);
    } catch (WorkflowExecutionAlreadyStarted duplicate) {
      String runId = duplicate.getExecution().getRunId().isEmpty() ? null
          : io.lifeboat.api.temporal.WorkflowStarter.runId(duplicate.getExecution());
      // The re-delivery's REQUESTED record is on the trail: its outcome follows it, as for every start.
      audit.record(caller.name(), "start", runId, runbook, null, null, "REFUSED",
          detail + ": already started as " + (runId == null ? duplicate.getExecution().getWorkflowId() : runId));
      return new Outcome(fingerprint, "already-started", runbook, runId, null);
    } catch (ApiProblem | WebApplicationException | IllegalArgumentException refused) {
      String why = refused instanceof WebApplicationException web && web.getResponse().getEntity() != null
          ? String.valueOf(web.getResponse().getEntity()) : Failures.message(refused);
      LOG.error("{} matched runbook {} but no run was started: {}", detail, runbook, why);
      audit.record(caller.name(), "start", null, runbook, null, null, "REFUSED", detail + ": " + why);
      return new Outcome(fingerprint, "refused", runbook, null, why);
    }
  }

  /** Alertmanager gives an alert the same fingerprint each time it fires: the start time tells firings apart. */
  static String key(String fingerprint, String startsAt) {
    try {
      return "alert-" + fingerprint + "-" + Instant.parse(startsAt).getEpochSecond();
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException("the alert's startsAt is not an ISO-8601 time: " + startsAt);
    }
  }

  private static void requireApprovalFirst(Runbook runbook) {
    Stage first = runbook.stages().isEmpty() ? null : runbook.stages().get(0);
    if (first == null || first.parallel() || first.steps().get(0).type() != StepType.APPROVE) {
      throw new IllegalArgumentException("runbook " + runbook.name() + " does not begin with an approve step; "
          + "alerts start only runbooks that wait for a person first");
    }
  }
}
