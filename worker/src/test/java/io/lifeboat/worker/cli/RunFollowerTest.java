package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.worker.cli.ReconnectingReader.Patience;
import io.lifeboat.worker.cli.ScriptedApi.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Following a backup while the API goes away: killed and restarted, or stuck. The API here is
 * {@link ScriptedApi}, a real HTTP server, rather than Lifeboat's own: the test scripts the run's
 * states around the outage, and stops the server mid-follow and starts another on the same port,
 * which is what the CLI sees of an API process killed and started again.
 */
class RunFollowerTest {
  private static final String RUN_ID = "backup:orders/5f1c2d7e-8a9b-4c3d-9e8f-0a1b2c3d4e5f";
  private static final String GET_RUN = "GET /api/v1/runs/" + RUN_ID;
  private static final RunReference STARTED =
      new RunReference("backup:orders", RUN_ID, "BACKUP", "orders", "/api/v1/runs/" + RUN_ID);

  private static final String DUMPING = run("RUNNING", step("dump", "RUNNING", null), step("upload", "PENDING", null));
  private static final String UPLOADING =
      run("RUNNING", step("dump", "DONE", "12 MB"), step("upload", "RUNNING", null));
  private static final String COMPLETED = run("COMPLETED", step("dump", "DONE", "12 MB"),
      step("upload", "DONE", "3 objects")).replace("\"result\":null",
      "\"result\":{\"backupId\":\"20260301T000000Z-abcdef\",\"rawBytes\":12582912}");

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
  void anApiKilledAndRestartedMidFollowIsWaitedForAndFollowingGoesOnWhereItWas() throws Exception {
    api = ScriptedApi.onFreePort().answer(GET_RUN, DUMPING, UPLOADING);
    int port = api.port();
    RunFollower follower = new RunFollower(reader(api, Patience.DEFAULT), stream(out), false);

    CompletableFuture<JsonNode> followed = CompletableFuture.supplyAsync(() -> follower.follow(STARTED), following);
    await(() -> text(out).contains("  … upload"));
    api.close();
    Thread.sleep(3_000);
    assertThat(followed).isNotDone();
    api = ScriptedApi.on(port).answer(GET_RUN, COMPLETED);
    JsonNode done = followed.get(30, TimeUnit.SECONDS);

    assertThat(lines(err)).hasSize(2).satisfiesExactly(
        lost -> assertThat(lost).isEqualTo("lost the API at http://127.0.0.1:" + port
            + " (connection refused); the run goes on in Temporal — reconnecting…"),
        back -> assertThat(back).matches("reconnected after \\d+\\.\\d s; following again"));
    assertThat(lines(out)).containsExactly(
        "backup started: run " + RUN_ID,
        "  … dump",
        "  ✓ dump (60.0 s)  12 MB",
        "  … upload",
        "  ✓ upload (60.0 s)  3 objects");
    assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.path("result").path("backupId").asText()).isEqualTo("20260301T000000Z-abcdef");
  }

  @Test
  void anApiThatStopsAnsweringCountsAsLostAfterTheRequestTimeout() throws Exception {
    api = ScriptedApi.onFreePort().answer(GET_RUN,
        Answer.ok(DUMPING), Answer.ok(DUMPING).after(Duration.ofSeconds(20)), Answer.ok(COMPLETED));
    RunFollower follower = new RunFollower(reader(api, new Patience(Duration.ofSeconds(1), Duration.ofMillis(200),
        Duration.ofSeconds(1), Duration.ofMinutes(1))), stream(out), false);

    Instant start = Instant.now();
    JsonNode done = CompletableFuture.supplyAsync(() -> follower.follow(STARTED), following).get(15, TimeUnit.SECONDS);

    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
    assertThat(lines(err)).hasSize(2).first().isEqualTo("lost the API at " + api.uri()
        + " (no answer within 1.0 s); the run goes on in Temporal — reconnecting…");
    assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(lines(out)).filteredOn(line -> line.contains("dump")).hasSize(2);
  }

  @Test
  void followingStopsAfterTheApiStayedAwayTooLongNamingTheRunAndHowToPickItUp() throws Exception {
    api = ScriptedApi.onFreePort().answer(GET_RUN, DUMPING);
    RunFollower follower = new RunFollower(reader(api, new Patience(Duration.ofSeconds(5), Duration.ofMillis(100),
        Duration.ofMillis(300), Duration.ofSeconds(2))), stream(out), false);
    CompletableFuture<JsonNode> followed = CompletableFuture.supplyAsync(() -> follower.follow(STARTED), following);
    await(() -> text(out).contains("  … dump"));

    api.close();
    Throwable ended = catchThrowableOfType(Exception.class, () -> followed.get(15, TimeUnit.SECONDS)).getCause();

    assertThat(ended).isInstanceOf(CliException.class);
    assertThat(ended.getMessage()).matches("the API at http://127\\.0\\.0\\.1:\\d+ has been unreachable for"
        + " \\d+\\.\\d s \\(connection refused\\); stopped following run " + RUN_ID);
    assertThat(((CliException) ended).hint())
        .isEqualTo("the run goes on in Temporal; once the API is back, `lifeboat run " + RUN_ID + "` shows where it is");
    assertThat(lines(err)).hasSize(1);
  }

  @Test
  void aStepWaitingForAPersonSaysWhatItWaitsFor() throws Exception {
    String waiting = "waiting for approval by a second person (not alice) within 4h: run `lifeboat restore approve "
        + RUN_ID + " --reason …`";
    api = ScriptedApi.onFreePort().answer(GET_RUN, run("RUNNING", step("approval", "RUNNING", waiting)),
        run("COMPLETED", step("approval", "DONE", "approved by bob: checked")));
    RunFollower follower = new RunFollower(reader(api, Patience.DEFAULT), stream(out), false);

    follower.follow(STARTED);

    assertThat(lines(out)).containsExactly("backup started: run " + RUN_ID, "  … approval  " + waiting,
        "  ✓ approval (60.0 s)  approved by bob: checked");
  }

  @Test
  void aRunTheApiDoesNotKnowFailsAtOnceWithOneLineAndAHint() throws Exception {
    api = ScriptedApi.onFreePort()
        .answer("POST /api/v1/targets/orders/backups", Answer.of(202, """
            {"workflowId":"backup:orders","runId":"%s","type":"BACKUP","target":"orders","statusUrl":"/api/v1/runs/%s"}
            """.formatted(RUN_ID, RUN_ID)))
        .answer(GET_RUN, Answer.of(404, """
            {"error":"no run '%s'","field":"runId","hint":"list runs with GET /api/v1/runs"}
            """.formatted(RUN_ID)));
    StringWriter cliErr = new StringWriter();
    picocli.CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(cliErr));

    Instant start = Instant.now();
    int exit = cli.execute("backup", "orders", "--api", api.uri().toString());

    assertThat(exit).isEqualTo(1);
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    assertThat(cliErr.toString().lines().toList()).containsExactly(
        "error: no run '" + RUN_ID + "'", "hint: list runs with GET /api/v1/runs");
    assertThat(api.count(GET_RUN)).isEqualTo(1);
  }

  private ReconnectingReader reader(ScriptedApi api, Patience patience) {
    return new ReconnectingReader(new LifeboatClient(api.uri(), "test-operator"), stream(err), patience);
  }

  private static PrintStream stream(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static List<String> lines(ByteArrayOutputStream bytes) {
    return text(bytes).lines().toList();
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("still waiting").isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static String run(String status, String... steps) {
    return """
        {"runId":"%s","workflowId":"backup:orders","type":"BACKUP","target":"orders","status":"%s","run":null,
         "progress":{"runType":"BACKUP","status":"%s","steps":[%s]},"result":null,"failure":null}
        """.formatted(RUN_ID, status, status, String.join(",", steps));
  }

  private static String step(String name, String status, String detail) {
    String startedAt = status.equals("PENDING") ? "null" : "\"2026-03-01T00:00:00Z\"";
    String endedAt = status.equals("DONE") ? "\"2026-03-01T00:01:00Z\"" : "null";
    return """
        {"name":"%s","status":"%s","startedAt":%s,"endedAt":%s,"detail":%s}
        """.formatted(name, status, startedAt, endedAt, detail == null ? "null" : "\"" + detail + "\"");
  }
}
