package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.worker.cli.ReconnectingReader.Patience;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code runbook run --follow} while the API is killed and restarted. As in {@link RunFollowerTest},
 * the API is {@link ScriptedApi}, a real HTTP server whose run states the test scripts around the
 * outage: the run waits for an approval when the API goes, and has been approved and finished by
 * the time it is back.
 */
class RunbookFollowerTest {
  private static final String RUN_ID = "runbook:shop-restore:alert-1/5f0c-77";
  private static final String GET_RUN = "GET /api/v1/runbooks/shop-restore/runs/" + RUN_ID;

  private static final String RESTORING = run("RUNNING", "RUNNING", "[]", null,
      step("restore", "RUN", "RUNNING", null), step("approve", "APPROVE", "PENDING", null),
      step("switch", "RUN", "PENDING", null));
  private static final String WAITING = run("RUNNING", "WAITING", "[]", null,
      step("restore", "RUN", "DONE", "3 tables"), step("approve", "APPROVE", "WAITING", "switch traffic over?"),
      step("switch", "RUN", "PENDING", null));
  private static final String SUCCEEDED = run("COMPLETED", "SUCCEEDED", """
      [{"signal":"approve","decision":{"by":"alice"},"accepted":true,"note":"approved"}]""", """
      {"achievedRto":"PT12M","rtoObjective":"PT15M","rtoMet":true,
       "achievedRpo":"PT2M","rpoObjective":"PT5M","rpoMet":true}""",
      step("restore", "RUN", "DONE", "3 tables"), step("approve", "APPROVE", "DONE", "approved by alice"),
      step("switch", "RUN", "DONE", "traffic on shop_restored"));

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ExecutorService following = Executors.newSingleThreadExecutor();
  private ScriptedApi api;

  @AfterEach
  void stop() {
    following.shutdownNow();
    if (api != null) {
      api.close();
    }
  }

  @Test
  void anApiKilledAndRestartedMidFollowIsWaitedForAndTheRunIsShownToItsEnd() throws Exception {
    api = ScriptedApi.onFreePort().answer(GET_RUN, RESTORING, WAITING);
    int port = api.port();
    ReconnectingReader reader = new ReconnectingReader(new LifeboatClient(api.uri(), "test-operator"),
        new PrintStream(err, true, StandardCharsets.UTF_8), Patience.DEFAULT);
    RunbookFollower follower = new RunbookFollower(reader, new PrintStream(out, true, StandardCharsets.UTF_8), false);

    Future<JsonNode> followed = following.submit(() -> follower.follow("shop-restore", RUN_ID));
    awaitOutput("answer: lifeboat runbook approve|reject");
    api.close();
    Thread.sleep(3_000);
    assertThat(followed).isNotDone();
    api = ScriptedApi.on(port).answer(GET_RUN, SUCCEEDED);
    JsonNode done = followed.get(30, TimeUnit.SECONDS);

    assertThat(err.toString(StandardCharsets.UTF_8).lines()).satisfiesExactly(
        lost -> assertThat(lost).isEqualTo("lost the API at http://127.0.0.1:" + port
            + " (connection refused); the run goes on in Temporal — reconnecting…"),
        back -> assertThat(back).matches("reconnected after \\d+\\.\\d s; following again"));
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "runbook shop-restore started: run " + RUN_ID,
        "  … restore",
        "  ✓ restore (1m 00s)  3 tables",
        "  ⏸ approve: switch traffic over?",
        "      answer: lifeboat runbook approve|reject " + RUN_ID + " --reason …",
        "  ✓ approve (1m 00s)  approved by alice",
        "  ✓ switch (1m 00s)  traffic on shop_restored",
        "  ↳ approve by alice: accepted (approved)",
        "run SUCCEEDED",
        "RTO achieved 12m 00s, objective 15m 00s: met",
        "RPO achieved 2m 00s, objective 5m 00s: met");
    assertThat(done.path("progress").path("status").asText()).isEqualTo("SUCCEEDED");
  }

  private void awaitOutput(String text) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!out.toString(StandardCharsets.UTF_8).contains(text)) {
      assertThat(Instant.now()).as("still no '%s' in: %s", text, out).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static String run(String status, String progressStatus, String signals, String measures, String... steps) {
    return """
        {"runId":"%s","workflowId":"runbook:shop-restore:alert-1","runbook":"shop-restore","status":"%s",
         "progress":{"runbook":"shop-restore","status":"%s","steps":[%s],"signals":%s,"measures":%s,"error":null},
         "run":null,"failure":null,"progressUnavailable":null}
        """.formatted(RUN_ID, status, progressStatus, String.join(",", steps), signals,
        measures == null ? "null" : measures);
  }

  private static String step(String name, String type, String state, String detail) {
    String startedAt = state.equals("PENDING") ? "null" : "\"2026-03-01T00:00:00Z\"";
    String endedAt = state.equals("DONE") ? "\"2026-03-01T00:01:00Z\"" : "null";
    return """
        {"name":"%s","type":"%s","state":"%s","attempts":%d,"startedAt":%s,"endedAt":%s,"detail":%s,
         "error":null,"compensation":null}
        """.formatted(name, type, state, state.equals("PENDING") ? 0 : 1, startedAt, endedAt,
        detail == null ? "null" : "\"" + detail + "\"");
  }
}
