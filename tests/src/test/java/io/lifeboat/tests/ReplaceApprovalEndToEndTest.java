package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.DropwizardTestSupport;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.worker.embedded.EmbeddedPostgres15;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore that replaces a live database waits for a second person, over real HTTP with tokens:
 * alice (operator and approver) asks for it and cannot approve it herself (403, audited, the
 * database untouched); bob (approver) approves it and the backup's data is back in the real
 * PostgreSQL database. The API runs in process on the real Temporal dev server, with the worker.
 */
@Timeout(180)
class ReplaceApprovalEndToEndTest {
  private static final String ALICE = "alice-token-0123456789abcdef";
  private static final String BOB = "bob-token-0123456789abcdef";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theRequesterCannotApproveTheirOwnReplacementAndASecondPersonCan() throws Exception {
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of("shop"), "", """
        auth:
          tokens:
            - {token: %s, principal: alice, roles: [operator, approver]}
            - {token: %s, principal: bob, roles: [approver]}
        """.formatted(ALICE, BOB))) {
      sql(stack, "CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 100)");
      stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("shop"))
          .backup(new BackupRequest("shop", "before the incident", "test"));
      sql(stack, "DELETE FROM orders WHERE id > 10");
      DropwizardTestSupport<LifeboatConfiguration> api =
          new DropwizardTestSupport<>(LifeboatApplication.class, stack.embedded.configFile().toString());
      api.before();
      try {
        String base = stack.embedded.apiUrl();
        HttpResponse<String> started = post(base + "/api/v1/restores", ALICE,
            "{\"target\":\"shop\",\"backup\":\"latest\",\"replace\":true}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String runId = JSON.readTree(started.body()).path("runId").asText();
        JsonNode waiting = awaitRun(base, runId, run -> approval(run).path("status").asText().equals("RUNNING"));

        HttpResponse<String> own = post(base + "/api/v1/restores/" + runId + "/signals/approve", ALICE,
            "{\"reason\":\"I am sure\"}");
        int rowsWhileWaiting = count(stack);
        HttpResponse<String> bobs = post(base + "/api/v1/restores/" + runId + "/signals/approve", BOB,
            "{\"reason\":\"checked the incident ticket\"}");
        JsonNode done = awaitRun(base, runId, run -> !run.path("status").asText().equals("RUNNING"));

        assertThat(approval(waiting).path("detail").asText()).isEqualTo("waiting for approval by a second person"
            + " (not alice) within 4h: run `lifeboat restore approve " + runId + " --reason …`");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
        assertThat(JSON.readTree(own.body()).path("error").asText())
            .isEqualTo("four-eyes: alice started this run and cannot approve it");
        assertThat(rowsWhileWaiting).as("the live database while the restore waits").isEqualTo(10);
        assertThat(bobs.statusCode()).as(bobs.body()).isEqualTo(200);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(approval(done).path("detail").asText()).isEqualTo("approved by bob: checked the incident ticket");
        assertThat(done.path("result").path("safetyBackupId").isTextual()).isTrue();
        assertThat(count(stack)).as("the backup's rows are back").isEqualTo(100);
        assertThat(stack.catalog.listAudit(runId, 10)).extracting(AuditEntry::principal, AuditEntry::action,
                AuditEntry::outcome)
            .contains(org.assertj.core.groups.Tuple.tuple("alice", "approve", "REFUSED"),
                org.assertj.core.groups.Tuple.tuple("bob", "approve", AuditEntry.ACCEPTED));
      } finally {
        api.after();
      }
    }
  }

  private static JsonNode approval(JsonNode run) {
    for (JsonNode step : run.path("progress").path("steps")) {
      if (step.path("name").asText().equals("approval")) {
        return step;
      }
    }
    return JSON.createObjectNode();
  }

  private static JsonNode awaitRun(String base, String runId, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    JsonNode run = JSON.createObjectNode();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + runId))
          .header("Authorization", "Bearer " + BOB).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        run = JSON.readTree(response.body());
        if (condition.test(run)) {
          return run;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the restore never reached the expected state: " + run);
  }

  private static HttpResponse<String> post(String url, String token, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Connection connect(LifeboatStack stack) throws Exception {
    return DriverManager.getConnection(stack.embedded.postgres().jdbcUrl("shop"), EmbeddedPostgres15.USER, null);
  }

  private static void sql(LifeboatStack stack, String statements) throws Exception {
    try (Connection c = connect(stack); Statement s = c.createStatement()) {
      s.execute(statements);
    }
  }

  private static int count(LifeboatStack stack) throws Exception {
    try (Connection c = connect(stack); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT count(*) FROM orders")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
