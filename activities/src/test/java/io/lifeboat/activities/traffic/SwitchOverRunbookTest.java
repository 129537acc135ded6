package io.lifeboat.activities.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.activities.checks.CheckActivitiesImpl;
import io.lifeboat.activities.runbook.NotifyActivitiesImpl;
import io.lifeboat.activities.services.ServiceActivitiesImpl;
import io.lifeboat.testing.PrivateHaproxy;
import io.lifeboat.testing.PrivateHaproxy.HealthChecks;
import io.lifeboat.workflows.runbook.Objectives;
import io.lifeboat.workflows.runbook.OnFailure;
import io.lifeboat.workflows.runbook.Parameter;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookRequest;
import io.lifeboat.workflows.runbook.RunbookStepState;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.lifeboat.workflows.runbook.RunbookWorkflowImpl;
import io.lifeboat.workflows.runbook.Stage;
import io.lifeboat.workflows.runbook.Step;
import io.lifeboat.workflows.runbook.StepArguments;
import io.lifeboat.workflows.runbook.StepType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook workflow driving the real activities: a real haproxy in front of two real HTTP
 * servers, a service controlled by shell commands, HTTP health checks through haproxy. A switch
 * that passes its check stays; one that fails it is undone — traffic back on the old server and
 * the stopped service running again.
 */
class SwitchOverRunbookTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = withRunAttributes(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(RunbookWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  @TempDir
  Path dir;

  private NamedServer blue;
  private NamedServer green;
  private PrivateHaproxy haproxy;

  @BeforeEach
  void start() throws Exception {
    blue = new NamedServer("blue");
    green = new NamedServer("green");
    haproxy = PrivateHaproxy.start(dir, "blue", blue.port(), "green", green.port(), HealthChecks.EVERY_200_MS);
  }

  @AfterEach
  void stop() throws Exception {
    haproxy.close();
    blue.close();
    green.close();
  }

  /** Stop the batch jobs, move traffic to green, check that haproxy answers with {@code expectBody}. */
  private Runbook switchOver(String expectBody) {
    String marker = dir + "/{service}.running";
    Step stopJobs = step("stop batch jobs", StepType.STOP_SERVICES,
        Map.of("provider", "command", "start", "touch " + marker, "stop", "rm -f " + marker, "status", "test -e " + marker),
        Map.of("services", List.of("batch-jobs")));
    Step redirect = step("redirect traffic", StepType.REDIRECT_TRAFFIC,
        Map.of("provider", "haproxy", "socket", haproxy.socket().toString(), "backend", "app", "from", "blue", "to", "green"),
        Map.of());
    Step check = step("service back", StepType.HEALTH_CHECK,
        Map.of("http", "http://127.0.0.1:" + haproxy.port() + "/", "expect_body", expectBody, "within", "2s",
            "every", "100ms"),
        Map.of());
    return new Runbook("switch-over", "move traffic to green", new Objectives(Duration.ofMinutes(5), null),
        List.of(new Parameter(Parameter.INCIDENT_AT, "", "now")),
        List.of(Stage.single(stopJobs), Stage.single(redirect), Stage.single(check)));
  }

  private static Step step(String name, StepType type, Map<String, String> values, Map<String, List<String>> lists) {
    return new Step(name, type, new StepArguments(values, lists), Duration.ofSeconds(30), 0, OnFailure.COMPENSATE);
  }

  private RunbookWorkflow run(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(
        new ServiceActivitiesImpl(HttpClient.newHttpClient(), "systemctl", Optional.empty(), Duration.ofSeconds(5)),
        new TrafficActivitiesImpl(HttpClient.newHttpClient(), Duration.ofSeconds(10)),
        new CheckActivitiesImpl(),
        new NotifyActivitiesImpl());
    env.start();
    return env.getWorkflowClient().newWorkflowStub(RunbookWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(worker.getTaskQueue()).setWorkflowId("runbook:switch-over:t").build());
  }

  @Test
  void switchesTrafficAndMeasuresWhenServiceWasBack(TestWorkflowEnvironment env, Worker worker) throws Exception {
    Files.createFile(dir.resolve("batch-jobs.running"));
    RunbookWorkflow run = run(env, worker);

    RunbookProgress done = run.run(new RunbookRequest(switchOver("green"), Map.of(), "alice"));

    assertThat(done.status()).isEqualTo(RunbookProgress.Status.SUCCEEDED);
    assertThat(done.steps()).extracting(RunbookStepState::detail).containsExactly(
        "stopped: batch-jobs (exit 1)",
        "backend app: blue maint/stopped, green ready/running",
        "HTTP 200 from http://127.0.0.1:" + haproxy.port() + "/");
    assertThat(done.measures().serviceBackAt()).isNotNull();
    assertThat(haproxy.get("/")).isEqualTo("green");
    assertThat(dir.resolve("batch-jobs.running")).doesNotExist();
  }

  @Test
  void aFailedHealthCheckSendsTrafficBackAndRestartsServices(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    Files.createFile(dir.resolve("batch-jobs.running"));
    RunbookWorkflow run = run(env, worker);

    WorkflowFailedException failed = catchThrowableOfType(WorkflowFailedException.class,
        () -> run.run(new RunbookRequest(switchOver("green-v2"), Map.of(), "alice")));

    assertThat(failed).isNotNull();
    assertThat(haproxy.get("/")).isEqualTo("blue");
    assertThat(dir.resolve("batch-jobs.running")).exists();
    RunbookProgress progress = run.progress();
    assertThat(progress.status()).isEqualTo(RunbookProgress.Status.FAILED);
    assertThat(progress.steps()).extracting(RunbookStepState::compensation).containsExactly(
        "started again: batch-jobs (exit 0)",
        "traffic sent back: backend app: blue ready/running, green maint/stopped",
        null);
  }

  /** The search attributes the runbook workflow upserts, registered as the worker does on a real server. */
  private static TestWorkflowExtension.Builder withRunAttributes(TestWorkflowExtension.Builder builder) {
    io.lifeboat.workflows.common.RunAttributes.ALL.forEach(
        key -> builder.registerSearchAttribute(key.getName(), key.getValueType()));
    return builder;
  }
}
