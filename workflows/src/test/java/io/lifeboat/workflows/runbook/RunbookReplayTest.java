package io.lifeboat.workflows.runbook;

import io.lifeboat.workflows.restore.RestoreWorkflowImpl;
import io.lifeboat.workflows.testing.RunAttributesForTests;
import static io.lifeboat.workflows.runbook.TestRunbooks.approve;
import static io.lifeboat.workflows.runbook.TestRunbooks.fetch;
import static io.lifeboat.workflows.runbook.TestRunbooks.healthCheck;
import static io.lifeboat.workflows.runbook.TestRunbooks.migrate;
import static io.lifeboat.workflows.runbook.TestRunbooks.notifyStep;
import static io.lifeboat.workflows.runbook.TestRunbooks.parallel;
import static io.lifeboat.workflows.runbook.TestRunbooks.redirectTraffic;
import static io.lifeboat.workflows.runbook.TestRunbooks.restore;
import static io.lifeboat.workflows.runbook.TestRunbooks.runbook;
import static io.lifeboat.workflows.runbook.TestRunbooks.safetyBackup;
import static io.lifeboat.workflows.runbook.TestRunbooks.startServices;
import static io.lifeboat.workflows.runbook.TestRunbooks.stopServices;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays histories recorded from real runs, so a change to the workflow that would break runs in
 * flight fails here. How and when to re-record them (and review the diff): docs/versioning.md.
 */
class RunbookReplayTest {
  private static final String HAPPY_PATH = "histories/runbook-happy-path.json";
  private static final String COMPENSATION = "histories/runbook-compensation.json";
  private static final String APPROVALS = "histories/runbook-approvals.json";

  /** Approval (one refused, one accepted), safety backup child, parallel restores, pause and retry. */
  static final Runbook EVERYTHING = runbook("full-system-restore",
      approve("approval", Duration.ofHours(1)),
      fetch("identify backup"),
      stopServices("stop application", "app.service"),
      safetyBackup("safety backup"),
      parallel("restore databases", restore("restore orders", "orders"), restore("restore accounts", "accounts")),
      migrate("run migrations", OnFailure.PAUSE),
      redirectTraffic("redirect traffic"),
      startServices("start application", "app.service"),
      healthCheck("application healthy", OnFailure.COMPENSATE),
      notifyStep("announce"));

  static final Runbook UNDONE = runbook("switch-over",
      stopServices("stop application", "app.service"),
      redirectTraffic("redirect traffic"),
      healthCheck("application healthy", OnFailure.COMPENSATE));

  /** Two approvals by different people (a duplicate and a late decision refused), then an override. */
  static final Runbook GATES = runbook("gates",
      Stage.single(new Step("two people", StepType.APPROVE, new StepArguments(Map.of("approvals", "2"), Map.of()),
          Duration.ofHours(1), 0, OnFailure.COMPENSATE)),
      approve("break glass", Duration.ofHours(1)),
      notifyStep("announce"));

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = RunAttributesForTests.register(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(RunbookWorkflowImpl.class, FakeBackupWorkflow.class,
          io.lifeboat.workflows.restore.RestoreWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  @Test
  void replaysARunWithApprovalParallelStepsAndAPause() throws Exception {
    replay(HAPPY_PATH, RunbookWorkflow.workflowId(EVERYTHING.name(), "happy"));
  }

  @Test
  void replaysARunThatCompensated() throws Exception {
    replay(COMPENSATION, RunbookWorkflow.workflowId(UNDONE.name(), "undone"));
  }

  @Test
  void replaysARunWithTwoApprovalsAndAnOverride() throws Exception {
    replay(APPROVALS, RunbookWorkflow.workflowId(GATES.name(), "gates"));
  }

  /** The workflow id matters: the safety backup's child workflow id is derived from it. */
  private static void replay(String resource, String workflowId) throws Exception {
    try (InputStream json = RunbookReplayTest.class.getClassLoader().getResourceAsStream(resource)) {
      String history = new String(json.readAllBytes(), StandardCharsets.UTF_8);
      WorkflowReplayer.replayWorkflowExecution(
          WorkflowExecutionHistory.fromJson(history, workflowId), RunbookWorkflowImpl.class);
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "lifeboat.recordHistories", matches = "true")
  void recordHistories(TestWorkflowEnvironment env, Worker worker) throws Exception {
    FakeRecoverySite site = new FakeRecoverySite().failing("migrate", 1);
    worker.registerActivitiesImplementations(site);
    env.start();
    WorkflowClient client = env.getWorkflowClient();

    RunbookWorkflow run = start(client, worker, EVERYTHING, "happy");
    await(run, "approval");
    run.approve(Decision.of("alice", "my own run"));
    run.approve(Decision.of("bob", "incident confirmed"));
    await(run, "run migrations");
    run.retry(Decision.of("alice", "fixed it"));
    WorkflowStub.fromTyped(run).getResult(RunbookProgress.class);
    write(client, run, HAPPY_PATH);

    site.failing("healthCheck", 1);
    RunbookWorkflow undone = start(client, worker, UNDONE, "undone");
    try {
      WorkflowStub.fromTyped(undone).getResult(RunbookProgress.class);
    } catch (WorkflowFailedException expected) {
      write(client, undone, COMPENSATION);
    }
  }

  /** Records only the approvals history: {@code -Dtest=RunbookReplayTest#recordApprovalsHistory}. */
  @Test
  @EnabledIfSystemProperty(named = "lifeboat.recordHistories", matches = "true")
  void recordApprovalsHistory(TestWorkflowEnvironment env, Worker worker) throws Exception {
    worker.registerActivitiesImplementations(new FakeRecoverySite());
    env.start();
    WorkflowClient client = env.getWorkflowClient();

    RunbookWorkflow run = start(client, worker, GATES, "gates");
    await(run, "two people");
    run.approve(Decision.of("bob", "incident confirmed"));
    run.approve(Decision.of("bob", "twice"));
    run.approve(Decision.of("carol", "backup checked"));
    await(run, "break glass");
    run.reject(new Decision("dave", "too late", "two people"));
    run.override(Decision.of("root", "nobody else on call"));
    WorkflowStub.fromTyped(run).getResult(RunbookProgress.class);
    write(client, run, APPROVALS);
  }

  private static RunbookWorkflow start(WorkflowClient client, Worker worker, Runbook runbook, String key) {
    RunbookWorkflow run = client.newWorkflowStub(RunbookWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(worker.getTaskQueue())
        .setWorkflowId(RunbookWorkflow.workflowId(runbook.name(), key))
        .build());
    WorkflowClient.start(run::run, new RunbookRequest(runbook, Map.of(), "alice"));
    return run;
  }

  private static void await(RunbookWorkflow run, String step) throws InterruptedException {
    while (run.progress().steps().stream()
        .noneMatch(s -> s.name().equals(step) && s.state() == RunbookStepState.State.WAITING)) {
      Thread.sleep(20);
    }
  }

  private static void write(WorkflowClient client, RunbookWorkflow run, String resource) throws Exception {
    String workflowId = WorkflowStub.fromTyped(run).getExecution().getWorkflowId();
    Path file = Path.of("src/test/resources", resource);
    Files.createDirectories(file.getParent());
    Files.writeString(file, client.fetchHistory(workflowId).toJson(true));
  }
}
