package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code lifeboat runbook} commands as an operator types them: each one a new process of the
 * real CLI, against {@code lifeboat server} (API and worker) in another process, on the embedded
 * Temporal server, S3Proxy and PostgreSQL. Two people hold tokens: alice starts, bob approves.
 */
class RunbookCliTest {
  private static final String ALICE = "alice-token-0123456789abcdef";
  private static final String BOB = "bob-token-0123456789abcdef";
  private static final String VAL = "val-token-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static LifeboatStack stack;
  private static Process server;
  private static String api;

  /** What a finished CLI process left: its exit code and both streams. */
  record Cli(int exit, String out, String err) {}

  @BeforeAll
  static void startServer() throws Exception {
    stack = LifeboatStack.start(dir, List.of(), false);
    int apiPort = URI.create(stack.embedded.apiUrl()).getPort();
    api = "http://127.0.0.1:" + apiPort;
    Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
    Files.writeString(runbooks.resolve("gated.yaml"), """
        name: gated
        description: A second person agrees, then the API must answer.
        objectives:
          rto: 15m
        steps:
          - name: second person agrees
            type: approve
            with: {message: "go ahead?"}
            timeout: 5m
          - name: api answers
            type: health-check
            with: {tcp: "127.0.0.1:%d", within: 10s, every: 500ms}
            timeout: 30s
        """.formatted(apiPort));
    Files.writeString(stack.embedded.configFile(), """
        auth:
          tokens:
            - {token: %s, principal: alice, roles: [operator, approver]}
            - {token: %s, principal: bob, roles: [approver]}
            - {token: %s, principal: val, roles: [viewer]}
        runbooks:
          folder: %s
        """.formatted(ALICE, BOB, VAL, runbooks), StandardOpenOption.APPEND);
    server = java("server", stack.embedded.configFile().toString())
        .redirectOutput(dir.resolve("server.log").toFile()).start();
    awaitServing(Duration.ofSeconds(90));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aFollowedRunShowsItsStepsWaitsForBobsApprovalAndRefusesAlicesOwn() throws Exception {
    Process follow = java("runbook", "run", "gated", "--follow", "--key", "followed", "--api", api, "--token", ALICE)
        .redirectOutput(dir.resolve("follow.out").toFile()).redirectError(dir.resolve("follow.err").toFile()).start();
    String runId = awaitWaitingRun("runbook:gated:followed");

    Cli own = cli("runbook", "approve", runId, "--reason", "looks fine to me", "--token", ALICE);
    Cli bobs = cli("runbook", "approve", runId, "--reason", "checked the backup", "--token", BOB);
    assertThat(follow.waitFor(60, TimeUnit.SECONDS)).as("the follow ends with the run; alice: " + own + ", bob: " + bobs
        + ", follow: " + Files.readString(dir.resolve("follow.out")) + Files.readString(dir.resolve("follow.err")))
        .isTrue();

    assertThat(own.exit()).as(own.toString()).isEqualTo(1);
    assertThat(own.err().lines().toList()).hasSize(2);
    assertThat(own.err()).startsWith("error: ").contains("alice", "started").contains("\nhint: ");
    assertThat(bobs.exit()).as(bobs.toString()).isZero();
    assertThat(bobs.out()).startsWith("approve accepted");
    String followed = Files.readString(dir.resolve("follow.out"));
    assertThat(follow.exitValue()).as(followed + Files.readString(dir.resolve("follow.err"))).isZero();
    assertThat(followed).contains("second person agrees", "api answers", "SUCCEEDED");
    assertThat(followed.indexOf("second person agrees")).isLessThan(followed.indexOf("api answers"));
    // The worker inside `lifeboat server` counts into the API's registry: one /metrics has both, and the SDK's.
    String metrics = awaitMetrics("lifeboat_runbook_runs_total{result=\"success\",runbook=\"gated\"}");
    assertThat(metrics).contains("lifeboat_runs_started_total", "temporal_request_total", "temporal_num_pollers");
  }

  /** The server's /metrics once it has a line starting with {@code series}; recording the run's end follows it. */
  private static String awaitMetrics(String series) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String metrics = "";
    while (System.nanoTime() < deadline) {
      metrics = http.send(HttpRequest.newBuilder(URI.create(api + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      if (metrics.lines().anyMatch(line -> line.startsWith(series + " "))) {
        return metrics;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no " + series + " on the server's /metrics:\n" + metrics);
  }

  @Test
  void jsonStartsAndSignalsAreMachineReadable() throws Exception {
    Cli started = cli("runbook", "run", "gated", "--key", "scripted", "--json", "--token", ALICE);
    String runId = JSON.readTree(started.out()).path("runId").asText();
    awaitWaitingRun("runbook:gated:scripted");

    Cli aborted = cli("runbook", "abort", runId, "--reason", "drill cancelled", "--json", "--token", ALICE);

    assertThat(started.exit()).as(started.toString()).isZero();
    assertThat(runId).startsWith("runbook:gated:scripted/");
    assertThat(aborted.exit()).as(aborted.toString()).isZero();
    JsonNode outcome = JSON.readTree(aborted.out());
    assertThat(outcome.isObject()).isTrue();
    assertThat(outcome.toString()).contains("abort");
  }

  @Test
  void mistakesAreOneLineWithAHint() throws Exception {
    Cli unknown = cli("runbook", "run", "no-such-runbook", "--token", ALICE);
    Cli viewer = cli("runbook", "run", "gated", "--token", VAL);
    Cli badId = cli("runbook", "approve", "backup:shop/123", "--reason", "x", "--token", BOB);
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "name: broken\nsteps:\n  - name: x\n    type: teleport\n");
    Cli invalid = local("runbook", "validate", broken.toString());

    for (Cli refused : List.of(unknown, viewer, badId)) {
      assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err().lines().toList()).hasSize(2);
      assertThat(refused.err()).startsWith("error: ").contains("\nhint: ");
    }
    assertThat(unknown.err()).contains("no-such-runbook");
    assertThat(viewer.err()).contains("viewer", "operator");
    assertThat(badId.err()).contains("is not a runbook run id");
    assertThat(invalid.exit()).as(invalid.toString()).isEqualTo(1);
    assertThat(invalid.err()).contains(broken + ":4:11: unknown step type 'teleport'");
  }

  /** Asks the run itself until it waits at its approval; returns its Lifeboat run id. */
  private static String awaitWaitingRun(String workflowId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        RunbookWorkflow run = stack.client().newWorkflowStub(RunbookWorkflow.class, workflowId);
        if (run.progress().status() == RunbookProgress.Status.WAITING) {
          return RunEntry.runId(workflowId, WorkflowStub.fromTyped(run).describe().getExecution().getRunId());
        }
      } catch (WorkflowNotFoundException | WorkflowQueryException notYet) {
        // not started, or its first task not run yet
      }
      Thread.sleep(300);
    }
    throw new AssertionError(workflowId + " never waited for its approval; server log:\n"
        + Files.readString(dir.resolve("server.log")));
  }

  /** A command that talks to the API. */
  private static Cli cli(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--api", api));
    return local(all.toArray(String[]::new));
  }

  private static Cli local(String... args) throws Exception {
    Process process = java(args).start();
    String out = new String(process.getInputStream().readAllBytes());
    String err = new String(process.getErrorStream().readAllBytes());
    process.waitFor();
    return new Cli(process.exitValue(), out, err);
  }

  private static ProcessBuilder java(String... args) {
    return LifeboatProcess.builder("256m", args).redirectErrorStream(false);
  }

  private static void awaitServing(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/runbooks"))
            .header("Authorization", "Bearer " + VAL).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (!server.isAlive()) {
        break;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("lifeboat server did not serve; its log:\n" + Files.readString(dir.resolve("server.log")));
  }
}
