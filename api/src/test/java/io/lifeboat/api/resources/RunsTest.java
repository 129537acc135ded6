package io.lifeboat.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.client.LifeboatApiException;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.client.RunWatcher;
import io.lifeboat.api.testing.ApiFixture;
import io.lifeboat.api.testing.CatalogRows;
import io.lifeboat.api.testing.FakeWorker;
import io.lifeboat.api.testing.RawHttp;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.api.wire.StartRestore;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs started through the API, followed through it: live progress of a running workflow, the
 * 409 for a duplicate, a completed run's result, a failed run's reason, and runs only one of
 * Temporal and the catalog knows. The workflows are {@code FakeWorkflows}, standing in for the
 * worker's.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RunsTest {
  private static final EmbeddedPostgresFixture.Database CATALOG_DATABASE = EmbeddedPostgresFixture.newDatabase();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP = ApiFixture.app(CATALOG_DATABASE);
  private static final Duration POLL = Duration.ofMillis(100);

  private final Catalog catalog = new Catalog(CATALOG_DATABASE.dataSource());
  private LifeboatClient client;

  @BeforeEach
  void connect() {
    client = ApiFixture.client(APP);
  }

  @AfterEach
  void endHoldingBackups() {
    for (String workflowId : List.of("backup:orders", "backup:billing")) {
      WorkflowStub stub = FakeWorker.get().client().newUntypedWorkflowStub(workflowId);
      try {
        if (stub.describe().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          stub.terminate("test over");
        }
      } catch (RuntimeException e) {
        // never started by this test
      }
    }
  }

  @Test
  void aStartedBackupIsAcceptedWithWhereToFollowIt() throws Exception {
    HttpResponse<String> response =
        RawHttp.postJson(APP.getLocalPort(), "/api/v1/targets/billing/backups", "{\"reason\":\"before upgrade\"}");
    JsonNode body = new ObjectMapper().readTree(response.body());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(body.path("workflowId").asText()).isEqualTo("backup:billing");
    assertThat(body.path("type").asText()).isEqualTo("BACKUP");
    assertThat(body.path("target").asText()).isEqualTo("billing");
    String runId = body.path("runId").asText();
    assertThat(runId).startsWith("backup:billing/");
    assertThat(body.path("statusUrl").asText()).isEqualTo("/api/v1/runs/" + runId);
    assertThat(response.headers().firstValue("Location")).get(InstanceOfAssertFactories.STRING)
        .endsWith("/api/v1/runs/" + runId);
    assertThat(RawHttp.get(APP.getLocalPort(), "/metrics").body())
        .containsPattern("lifeboat_runs_started_total\\{type=\"BACKUP\"} [1-9]");
  }

  @Test
  void aRunningBackupShowsItsLiveProgressBeforeAndAfterTheCatalogHasIt() throws InterruptedException {
    RunReference started = client.startBackup("orders", "before risky change");

    JsonNode live = untilStep(started.runId(), "dump", "RUNNING");
    assertThat(live.path("status").asText()).isEqualTo("RUNNING");
    assertThat(live.path("type").asText()).isEqualTo("BACKUP");
    assertThat(live.path("workflowId").asText()).isEqualTo("backup:orders");
    assertThat(live.path("run").isNull()).isTrue();
    assertThat(live.path("progress").path("steps").get(1).path("status").asText()).isEqualTo("PENDING");

    // Once the workflow has indexed its run, both views come back together.
    catalog.recordRun(new RunEntry(started.runId(), RunEntry.Type.BACKUP, "orders", null, RunEntry.Status.RUNNING,
        Instant.now(), null, null, null, null, null, "test-operator", "before risky change", null));
    JsonNode both = client.run(started.runId());
    assertThat(both.path("run").path("requestedBy").asText()).isEqualTo("test-operator");
    assertThat(both.path("target").asText()).isEqualTo("orders");
    assertThat(both.path("progress").path("steps").get(0).path("status").asText()).isEqualTo("RUNNING");
  }

  @Test
  void aBackupNeedsNoBody() {
    HttpResponse<String> response = RawHttp.postNothing(APP.getLocalPort(), "/api/v1/targets/billing/backups");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  @Test
  void aVerificationWithoutABodyIncludesATestRestore() throws Exception {
    CatalogRows.backup(catalog, "20260303T000000Z-ffffff", "orders", Instant.now().minusSeconds(60));
    HttpResponse<String> response =
        RawHttp.postNothing(APP.getLocalPort(), "/api/v1/backups/20260303T000000Z-ffffff/verifications");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

    String runId = new ObjectMapper().readTree(response.body()).path("runId").asText();
    JsonNode done = new RunWatcher(client, POLL).watch(runId, ignored -> {});

    assertThat(done.path("result").path("testRestore").path("comparison").path("compared").asInt()).isEqualTo(4);
  }

  @Test
  void theRequesterAndReasonReachTheWorkflow() {
    RunReference started = client.startBackup("orders", "before risky change");

    String input = FakeWorker.get().client()
        .fetchHistory(started.workflowId()).getEvents().get(0)
        .getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0).getData().toStringUtf8();
    assertThat(input).contains("\"requestedBy\":\"test-operator\"").contains("\"reason\":\"before risky change\"");
  }

  @Test
  void aSecondBackupWhileTheFirstRunsIsAConflictNamingTheFirst() {
    RunReference first = client.startBackup("orders", null);

    LifeboatApiException conflict = assertThatThrownBy(() -> client.startBackup("orders", null))
        .asInstanceOf(type(LifeboatApiException.class)).actual();

    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.workflowId()).isEqualTo("backup:orders");
    assertThat(conflict.runId()).isEqualTo(first.runId());
    assertThat(conflict.error()).isEqualTo("workflow backup:orders is already running; nothing new was started");
    assertThat(conflict.hint()).contains(first.statusUrl());
  }

  @Test
  void everyStartAcceptedOrRefusedIsAudited() {
    RunReference first = client.startBackup("billing", "before the schema change");
    assertThatThrownBy(() -> client.startBackup("billing", "second try")).isInstanceOf(LifeboatApiException.class);

    List<AuditEntry> trail = catalog.listAudit(null, 1000).stream()
        .filter(e -> e.detail() != null && e.detail().startsWith("backup of target billing"))
        .filter(e -> Set.of("before the schema change", "second try").contains(String.valueOf(e.reason()))).toList();

    assertThat(trail).extracting(AuditEntry::principal, AuditEntry::action, AuditEntry::outcome, AuditEntry::reason)
        .containsExactly(
            tuple("test-operator", "start", "REFUSED", "second try"),
            tuple("test-operator", "start", AuditEntry.ACCEPTED, "before the schema change"));
    assertThat(trail.get(1).runId()).isEqualTo(first.runId());
    assertThat(trail.get(0).detail()).contains("already running");
  }

  @Test
  void aBackupMayRunAgainOnceThePreviousOneHasEnded() {
    RunReference first = client.startBackup("orders", null);
    FakeWorker.get().client().newUntypedWorkflowStub(first.workflowId()).terminate("ended early");

    RunReference second = client.startBackup("orders", null);

    assertThat(second.workflowId()).isEqualTo(first.workflowId());
    assertThat(second.runId()).isNotEqualTo(first.runId());
    assertThat(client.run(first.runId()).path("status").asText()).isEqualTo("TERMINATED");
  }

  @Test
  void aVerificationIsFollowedToItsResult() throws InterruptedException {
    CatalogRows.backup(catalog, "20260301T000000Z-cccccc", "orders", Instant.now().minusSeconds(60));
    RunReference started = client.startVerification("20260301T000000Z-cccccc", true);
    List<JsonNode> seen = new ArrayList<>();

    JsonNode done = new RunWatcher(client, POLL).watch(started, seen::add);

    assertThat(started.type()).isEqualTo("VERIFY");
    assertThat(started.target()).isEqualTo("orders");
    assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.path("result").path("backupId").asText()).isEqualTo("20260301T000000Z-cccccc");
    assertThat(done.path("result").path("testRestore").path("comparison").path("compared").asInt()).isEqualTo(4);
    assertThat(done.path("failure").isNull()).isTrue();
    assertThat(done.path("progress").path("steps").findValuesAsText("status")).containsExactly("DONE", "DONE");
    assertThat(seen).isNotEmpty().last().isEqualTo(done);
  }

  @Test
  void aRefusedRestoreShowsWhyItFailed() throws InterruptedException {
    CatalogRows.backup(catalog, "20260302T000000Z-dddddd", "orders", Instant.now().minusSeconds(60));
    RunReference started = client.startRestore(
        new StartRestore("orders", "latest", "orders_copy", false, Instant.now().minusSeconds(300).toString()));

    JsonNode done = new RunWatcher(client, POLL).watch(started, ignored -> {});

    assertThat(started.workflowId()).isEqualTo("restore:orders:orders_copy");
    assertThat(done.path("status").asText()).isEqualTo("FAILED");
    assertThat(done.path("failure").path("message").asText()).isEqualTo("database orders_copy is not empty");
    assertThat(done.path("failure").path("type").asText()).isEqualTo("DestinationNotEmpty");
    assertThat(done.path("progress").path("steps").findValuesAsText("status")).containsExactly("DONE", "FAILED");
  }

  @Test
  void aRunOnlyTheCatalogRemembersIsShownFromTheCatalog() {
    String runId = RunEntry.runId("backup:billing", "00000000-0000-0000-0000-000000000000");
    catalog.recordRun(new RunEntry(runId, RunEntry.Type.BACKUP, "billing", "20250101T000000Z-eeeeee",
        RunEntry.Status.COMPLETED, Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:05:00Z"),
        null, null, null, null, "cron", null, null));

    JsonNode run = client.run(runId);

    assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(run.path("run").path("backupId").asText()).isEqualTo("20250101T000000Z-eeeeee");
    assertThat(run.path("run").path("endedAt").asText()).isEqualTo("2025-01-01T00:05:00Z");
    assertThat(run.path("progress").isNull()).isTrue();
    assertThat(client.runs(10).findValuesAsText("runId")).contains(runId);
  }

  @Test
  void runsAreListedOfOneTargetTypeAndStatusAsAskedInTheQuery() {
    Instant at = Instant.parse("2024-02-01T00:00:00Z");
    record("backup:filter-a/1", RunEntry.Type.BACKUP, "filter-a", RunEntry.Status.COMPLETED, at);
    record("backup:filter-a/2", RunEntry.Type.BACKUP, "filter-a", RunEntry.Status.FAILED, at.plusSeconds(60));
    record("verify:filter-a/3", RunEntry.Type.VERIFY, "filter-a", RunEntry.Status.FAILED, at.plusSeconds(120));
    record("backup:filter-b/4", RunEntry.Type.BACKUP, "filter-b", RunEntry.Status.FAILED, at.plusSeconds(180));

    assertThat(client.runs("filter-a", null, null, 10).findValuesAsText("runId"))
        .containsExactly("verify:filter-a/3", "backup:filter-a/2", "backup:filter-a/1");
    assertThat(client.runs("filter-a", "BACKUP", "FAILED", 10).findValuesAsText("runId"))
        .containsExactly("backup:filter-a/2");
    assertThat(client.runs("filter-b", null, "COMPLETED", 10)).isEmpty();
    assertThat(client.runs("filter-a", "BACKUP", null, 1).findValuesAsText("runId"))
        .containsExactly("backup:filter-a/2");
    assertThat(client.runs(null, "VERIFY", "FAILED", 1000).findValuesAsText("runId")).contains("verify:filter-a/3")
        .doesNotContain("backup:filter-a/2", "backup:filter-b/4");
  }

  @Test
  void anUnknownTypeOrStatusIsABadRequestListingTheValuesThereAre() {
    assertThatThrownBy(() -> client.runs(null, "SNAPSHOT", null, 10))
        .asInstanceOf(type(LifeboatApiException.class))
        .returns(400, LifeboatApiException::status)
        .returns("type", LifeboatApiException::field)
        .returns("type must be one of BACKUP, VERIFY, RESTORE, RUNBOOK, DRILL, RETENTION, REPLICATION, LEGAL_HOLD,"
            + " TENANT_BACKUP, not 'SNAPSHOT'", LifeboatApiException::error);
    assertThatThrownBy(() -> client.runs(null, null, "done", 10))
        .asInstanceOf(type(LifeboatApiException.class))
        .returns(400, LifeboatApiException::status)
        .returns("status", LifeboatApiException::field)
        .returns("status must be one of RUNNING, COMPLETED, FAILED, not 'done'", LifeboatApiException::error);
    assertThat(RawHttp.get(APP.getLocalPort(), "/api/v1/runs?type=backup").statusCode()).isEqualTo(400);
  }

  @Test
  void anUnknownRunIsNotFoundAndAMalformedIdABadRequest() {
    assertThatThrownBy(() -> client.run("backup:orders/00000000-0000-0000-0000-00000000dead"))
        .asInstanceOf(type(LifeboatApiException.class))
        .returns(404, LifeboatApiException::status);
    assertThatThrownBy(() -> client.run("not-a-run-id"))
        .asInstanceOf(type(LifeboatApiException.class))
        .returns(400, LifeboatApiException::status)
        .returns("runId", LifeboatApiException::field);
  }

  private void record(String runId, RunEntry.Type type, String target, RunEntry.Status status, Instant startedAt) {
    catalog.recordRun(new RunEntry(runId, type, target, null, status, startedAt, null, null, null, null, null,
        "test-operator", null, null));
  }

  private JsonNode untilStep(String runId, String step, String status) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      JsonNode run = client.run(runId);
      for (JsonNode state : run.path("progress").path("steps")) {
        if (state.path("name").asText().equals(step) && state.path("status").asText().equals(status)) {
          return run;
        }
      }
      assertThat(Instant.now()).as("step %s of %s still not %s: %s", step, runId, status, run).isBefore(deadline);
      Thread.sleep(POLL.toMillis());
    }
  }
}
