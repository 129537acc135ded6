package io.lifeboat.api.runbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.testing.FakeWorker;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.temporal.client.WorkflowNotFoundException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runbooks through the API, with API tokens: listing, validation before start, roles, four-eyes,
 * signals, reports, the audit trail and the Alertmanager receiver. The runs are real
 * {@code RunbookWorkflowImpl} runs on the Temporal test server (approve and wait steps only).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RunbooksApiTest {
  private static final EmbeddedPostgresFixture.Database CATALOG_DATABASE = EmbeddedPostgresFixture.newDatabase();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP = new DropwizardAppExtension<>(
      LifeboatApplication.class,
      ResourceHelpers.resourceFilePath("lifeboat-runbooks-test.yml"),
      ConfigOverride.config("catalog.url", CATALOG_DATABASE.jdbcUrl()),
      ConfigOverride.config("temporal.target", FakeWorker.get().target()),
      ConfigOverride.config("runbooks.folder", ResourceHelpers.resourceFilePath("runbooks")));
  private static final String ALICE = "alice-token-0123456789";
  private static final String BOB = "bob-token-0123456789ab";
  private static final String VAL = "val-token-0123456789ab";
  private static final String CAROL = "carol-token-0123456789";
  private static final String ALERTMANAGER = "alertmanager-token-0123";
  private static final String ROOT = "root-token-0123456789ab";

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  record Answer(int status, JsonNode body, String text) {}

  private Answer call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode parsed;
    try {
      parsed = json.readTree(response.body());
    } catch (Exception notJson) {
      parsed = json.missingNode();
    }
    return new Answer(response.statusCode(), parsed == null ? json.missingNode() : parsed, response.body());
  }

  private String startGate(String token, String key) throws Exception {
    Answer started = call("POST", "/api/v1/runbooks/gate/runs", token,
        "{\"params\":{\"ticket\":\"INC-1\"},\"key\":\"" + key + "\"}");
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    return started.body().path("runId").asText();
  }

  private Answer signal(String runId, String signal, String token, String reason) throws Exception {
    return call("POST", "/api/v1/runbooks/gate/runs/" + runId + "/signals/" + signal, token,
        "{\"reason\":\"" + reason + "\"}");
  }

  private JsonNode awaitStatus(String runId, String status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode run;
    do {
      run = call("GET", "/api/v1/runbooks/gate/runs/" + runId, VAL, null).body();
      if (status.equals(run.path("progress").path("status").asText())) {
        return run;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("run never reached " + status + ": " + run);
  }

  @Test
  void listsEveryRunbookWithItsParametersAndAnInvalidOneWithItsProblems() throws Exception {
    Answer list = call("GET", "/api/v1/runbooks", VAL, null);

    assertThat(list.status()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    list.body().forEach(r -> names.add(r.path("name").asText()));
    assertThat(names).contains("gate", "broken", "postgres-restore", "full-system-restore");
    JsonNode gate = find(list.body(), "gate");
    assertThat(gate.path("description").asText()).isEqualTo("Waits for an approval, then for a moment.");
    assertThat(gate.path("parameters").get(0).path("name").asText()).isNotEmpty();
    assertThat(find(list.body(), "broken").path("problems").toString()).contains("4:", "7:");
  }

  @Test
  void withoutAValidTokenNothingIsAnswered() throws Exception {
    assertThat(call("GET", "/api/v1/runbooks", null, null).status()).isEqualTo(401);
    assertThat(call("GET", "/api/v1/runbooks", "wrong-token-0123456789", null).status()).isEqualTo(401);
    assertThat(call("GET", "/api/v1/openapi.yaml", null, null).status()).isEqualTo(200);
  }

  @Test
  void anInvalidRunbookIsNeverStartedAndItsErrorsNameLineAndColumn() throws Exception {
    Answer refused = call("POST", "/api/v1/runbooks/broken/runs", ALICE, "{}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().path("field").asText()).isEqualTo("runbook");
    assertThat(refused.body().path("problems")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(refused.body().path("problems").get(0).path("line").asInt()).isEqualTo(4);
    assertThat(refused.text()).contains("teleport-database");
  }

  @Test
  void missingParametersAndUnknownRunbooksAreRefusedByName() throws Exception {
    Answer missing = call("POST", "/api/v1/runbooks/gate/runs", ALICE, "{\"params\":{\"tickt\":\"x\"}}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().path("field").asText()).isEqualTo("params");
    assertThat(missing.body().path("error").asText()).contains("unknown parameter 'tickt'", "'ticket'");

    Answer unknown = call("POST", "/api/v1/runbooks/nosuch/runs", ALICE, "{}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().path("field").asText()).isEqualTo("name");
  }

  @Test
  void aRunWhoseStepWouldReadAWorkerVariableNotListedForRunbooksIsRefusedBeforeItStarts() throws Exception {
    String key = "secret-" + UUID.randomUUID();
    Answer refused = call("POST", "/api/v1/runbooks/db-check/runs", ALICE,
        "{\"params\":{\"password_variable\":\"LIFEBOAT_DECRYPTION_KEY\"},\"key\":\"" + key + "\"}");

    assertThat(refused.status()).as(refused.text()).isEqualTo(400);
    assertThat(refused.body().path("field").asText()).isEqualTo("runbook");
    assertThat(refused.body().path("error").asText()).isEqualTo("step 'database answers': password_env names"
        + " LIFEBOAT_DECRYPTION_KEY, which runbooks may not read (allowed: APP_DB_PASSWORD)");
    assertThat(refused.body().path("hint").asText())
        .contains("add it to runbooks.passwordVariables in the configuration");
    assertThatThrownBy(() -> FakeWorker.get().client().newUntypedWorkflowStub("runbook:db-check:" + key).describe())
        .as("no run was started").isInstanceOf(WorkflowNotFoundException.class);
    assertThat(new Catalog(CATALOG_DATABASE.dataSource()).listAudit(null, 1000))
        .anyMatch(e -> e.runbook() != null && e.runbook().equals("db-check") && e.outcome().equals("REFUSED")
            && e.detail().contains("LIFEBOAT_DECRYPTION_KEY"));

    Answer listed = call("POST", "/api/v1/runbooks/db-check/runs", ALICE,
        "{\"params\":{\"password_variable\":\"APP_DB_PASSWORD\"}}");
    assertThat(listed.status()).as(listed.text()).isEqualTo(202);
    call("POST", "/api/v1/runbooks/db-check/runs/" + listed.body().path("runId").asText() + "/signals/abort", ALICE,
        "{\"reason\":\"test over\"}");
  }

  @Test
  void aViewerCanReadButNotStartOrSignalAndTheRefusalIsAudited() throws Exception {
    Answer start = call("POST", "/api/v1/runbooks/gate/runs", VAL, "{\"params\":{\"ticket\":\"INC-2\"}}");
    assertThat(start.status()).isEqualTo(403);
    assertThat(start.body().path("error").asText()).contains("val", "operator");

    String runId = startGate(ALICE, "viewer-" + UUID.randomUUID());
    assertThat(signal(runId, "abort", VAL, "curious").status()).isEqualTo(403);
    assertThat(signal(runId, "approve", ALICE, "operators do not approve").status()).isEqualTo(403);
    assertThat(signal(runId, "abort", ALICE, "test over").status()).isEqualTo(200);

    JsonNode audit = call("GET", "/api/v1/audit?limit=1000", VAL, null).body();
    assertThat(audit.toString()).contains("\"principal\":\"val\"", "FORBIDDEN");
  }

  @Test
  void theStarterCannotApproveAnotherApproverCanAndTheRunReportsIt() throws Exception {
    String runId = startGate(CAROL, "four-eyes-" + UUID.randomUUID());
    JsonNode waiting = awaitStatus(runId, "WAITING");
    assertThat(waiting.path("progress").path("waitingFor").asText()).contains("approval", "INC-1");

    Answer own = signal(runId, "approve", CAROL, "looks fine to me");
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.body().path("error").asText()).contains("four-eyes");

    Answer approved = signal(runId, "approve", BOB, "incident confirmed");
    assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    assertThat(approved.body().path("accepted").asBoolean()).isTrue();

    JsonNode done = awaitStatus(runId, "SUCCEEDED");
    assertThat(done.path("status").asText()).isIn("COMPLETED", "RUNNING");
    Answer report = call("GET", "/api/v1/runs/" + runId + "/report?format=md", VAL, null);
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.text()).contains("# Runbook gate: SUCCEEDED", "approved by bob", "four-eyes");
    Answer jsonReport = call("GET", "/api/v1/runs/" + runId + "/report", VAL, null);
    assertThat(jsonReport.body().path("timeline").get(0).path("step").asText()).isEqualTo("approval");
    assertThat(jsonReport.body().path("measures").path("rtoObjective").asText()).isEqualTo("PT15M");

    JsonNode audit = call("GET", "/api/v1/audit?runId=" + URLEncoder.encode(runId, StandardCharsets.UTF_8), VAL,
        null).body();
    List<String> lines = new ArrayList<>();
    audit.forEach(e -> lines.add(e.path("principal").asText() + " " + e.path("action").asText() + " "
        + e.path("outcome").asText()));
    assertThat(lines).containsExactly("bob approve ACCEPTED", "carol approve REFUSED", "carol start ACCEPTED");
  }

  @Test
  void onlyAnAdminOverridesAnApprovalWithAReasonAndEveryAttemptIsAudited() throws Exception {
    String runId = startGate(ROOT, "override-" + UUID.randomUUID());
    awaitStatus(runId, "WAITING");

    assertThat(signal(runId, "override", BOB, "I am only an approver").status()).isEqualTo(403);
    Answer operator = signal(runId, "override", CAROL, "operator and approver");
    assertThat(operator.status()).isEqualTo(403);
    assertThat(operator.body().path("error").asText()).contains("carol", "admin role");
    Answer noReason = signal(runId, "override", ROOT, " ");
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.body().path("field").asText()).isEqualTo("reason");

    Answer overridden = signal(runId, "override", ROOT, "primary lost, nobody else on call");
    assertThat(overridden.status()).as(overridden.text()).isEqualTo(200);
    assertThat(overridden.body().path("note").asText()).isEqualTo("OVERRIDDEN by root: primary lost, nobody else on call");
    JsonNode done = awaitStatus(runId, "SUCCEEDED");
    assertThat(done.path("progress").path("steps").get(0).path("detail").asText())
        .isEqualTo("OVERRIDDEN by root: primary lost, nobody else on call");
    assertThat(signal(runId, "override", ROOT, "once more").status()).isEqualTo(409);

    JsonNode audit = call("GET", "/api/v1/audit?runId=" + URLEncoder.encode(runId, StandardCharsets.UTF_8), VAL,
        null).body();
    List<String> lines = new ArrayList<>();
    audit.forEach(e -> lines.add(e.path("principal").asText() + " " + e.path("action").asText() + " "
        + e.path("outcome").asText()));
    // who lacks the role is refused (and audited) before the run is touched; root's own attempts are these
    assertThat(lines).filteredOn(line -> line.startsWith("root ")).containsExactly(
        "root override REFUSED", "root override ACCEPTED", "root override REFUSED", "root start ACCEPTED");
    assertThat(lines).doesNotContain("bob override ACCEPTED", "carol override ACCEPTED");
  }

  @Test
  void aStepWaitingForApprovalIsCountedOnTheMetricsUntilItIsApproved() throws Exception {
    String runId = startGate(ALICE, "metrics-" + UUID.randomUUID());
    awaitStatus(runId, "WAITING");
    // The worker here records no runs; a real one records each runbook run as RUNNING when it starts.
    new Catalog(CATALOG_DATABASE.dataSource()).recordRun(new RunEntry(runId, RunEntry.Type.RUNBOOK, null, null,
        RunEntry.Status.RUNNING, Instant.now(), null, null, null, null, null, "alice", "runbook gate", null));
    assertThat(approvalsWaiting()).isEqualTo(1.0);

    Answer approved = signal(runId, "approve", BOB, "incident confirmed");
    assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    awaitStatus(runId, "SUCCEEDED");
    assertThat(approvalsWaiting()).isZero();
  }

  private double approvalsWaiting() throws Exception {
    String scrape = call("GET", "/metrics", null, null).text();
    return scrape.lines().filter(line -> line.startsWith("lifeboat_approvals_waiting "))
        .map(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
        .orElseThrow(() -> new AssertionError("no lifeboat_approvals_waiting in " + scrape));
  }

  @Test
  void aSecondStartWithTheSameKeyIsRefusedAndNamesTheRunningOne() throws Exception {
    String key = "dup-" + UUID.randomUUID();
    String runId = startGate(ALICE, key);

    Answer again = call("POST", "/api/v1/runbooks/gate/runs", ALICE,
        "{\"params\":{\"ticket\":\"INC-1\"},\"key\":\"" + key + "\"}");

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().path("runId").asText()).isEqualTo(runId);
    signal(runId, "abort", ALICE, "test over");
  }

  @Test
  void aFiringAlertStartsOneRunWaitingForApprovalAndResolvedOnesDoNothing() throws Exception {
    String fingerprint = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String startsAt = Instant.now().minusSeconds(60).toString();
    String payload = """
        {"version":"4","status":"firing","receiver":"lifeboat","groupLabels":{},"externalURL":"http://am",
         "alerts":[
          {"status":"firing","labels":{"alertname":"OrdersDown","ticket":"INC-9"},"annotations":{},
           "startsAt":"%s","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom","fingerprint":"%s"},
          {"status":"resolved","labels":{"alertname":"OrdersDown","ticket":"INC-8"},"annotations":{},
           "startsAt":"%s","endsAt":"%s","fingerprint":"aaaa"},
          {"status":"firing","labels":{"alertname":"Hasty"},"startsAt":"%s","fingerprint":"bbbb"},
          {"status":"firing","labels":{"alertname":"DiskFull"},"startsAt":"%s","fingerprint":"cccc"}
         ]}
        """.formatted(startsAt, fingerprint, startsAt, startsAt, startsAt, startsAt);

    Answer first = call("POST", "/api/v1/alerts/alertmanager", ALERTMANAGER, payload);
    Answer second = call("POST", "/api/v1/alerts/alertmanager", ALERTMANAGER, payload);

    assertThat(first.status()).as(first.text()).isEqualTo(200);
    List<String> actions = new ArrayList<>();
    first.body().forEach(o -> actions.add(o.path("action").asText()));
    assertThat(actions).containsExactly("started", "resolved", "refused", "no-route");
    assertThat(first.body().get(2).path("error").asText()).contains("approve");
    String runId = first.body().get(0).path("runId").asText();
    assertThat(second.body().get(0).path("action").asText()).isEqualTo("already-started");
    assertThat(second.body().get(0).path("runId").asText()).isEqualTo(runId);
    // Each delivery's REQUESTED record is followed by its outcome: the re-delivery's is REFUSED, naming the run.
    List<AuditEntry> trail = new Catalog(CATALOG_DATABASE.dataSource()).listAudit(null, 1000).stream()
        .filter(e -> e.detail() != null && e.detail().contains(fingerprint)).toList();
    assertThat(trail).extracting(AuditEntry::outcome)
        .containsExactlyInAnyOrder("REQUESTED", AuditEntry.ACCEPTED, "REQUESTED", "REFUSED");
    assertThat(trail).filteredOn(e -> e.outcome().equals("REFUSED")).singleElement()
        .satisfies(e -> assertThat(e.detail()).endsWith("already started as " + runId));

    JsonNode waiting = awaitStatus(runId, "WAITING");
    assertThat(waiting.path("progress").path("startedBy").asText()).isEqualTo("alertmanager");
    assertThat(waiting.path("progress").path("measures").path("incidentAt").asText())
        .isEqualTo(Instant.parse(startsAt).toString());
    signal(runId, "reject", BOB, "false alarm");
    JsonNode rejected = call("GET", "/api/v1/runbooks/gate/runs/" + runId, VAL, null).body();
    assertThat(rejected.toString()).contains("false alarm");
  }

  private static JsonNode find(JsonNode list, String name) {
    for (JsonNode item : list) {
      if (item.path("name").asText().equals(name)) {
        return item;
      }
    }
    throw new AssertionError("no " + name + " in " + list);
  }
}
