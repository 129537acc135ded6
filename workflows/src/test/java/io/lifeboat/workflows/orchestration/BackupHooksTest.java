package io.lifeboat.workflows.orchestration;

import io.lifeboat.workflows.replication.ReplicationWorkflowImpl;
import io.lifeboat.workflows.backup.BackupWorkflowImpl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.workflows.TaskQueues;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.backup.ConfiguredHooks;
import io.lifeboat.workflows.backup.HookActivities.When;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepState;
import io.lifeboat.workflows.testing.RunAttributesForTests;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hooks around a backup, with fake activities: the before hook gates the backup, the after
 * hook runs whatever happened (a failed hook, a failed backup, a cancelled run), and each one's
 * outcome is in its step. The hooks themselves run for real in the activities' HookActivitiesTest.
 */
@Timeout(60)
class BackupHooksTest {
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final FakeActivities fake = new FakeActivities();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    RunAttributesForTests.register(env);
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(BackupWorkflowImpl.class, ReplicationWorkflowImpl.class);
    worker.registerActivitiesImplementations(fake);
    env.start();
    client = env.getWorkflowClient();
    fake.hooks = new ConfiguredHooks(true, true);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private BackupWorkflow backup() {
    return client.newWorkflowStub(BackupWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.DEFAULT).setWorkflowId(BackupWorkflow.workflowId("shop")).build());
  }

  private static List<String> steps(BackupWorkflow run) {
    return WorkflowStub.fromTyped(run).query("progress", RunProgress.class).steps().stream()
        .map(BackupHooksTest::line).toList();
  }

  private static String line(StepState step) {
    return step.name() + " " + step.status() + (step.detail() == null ? "" : ": " + step.detail());
  }

  @Test
  void theHooksRunAroundTheBackupWithTheirOutcomeInTheirSteps() {
    BackupWorkflow run = backup();
    run.backup(new BackupRequest("shop", "test", "alice"));

    assertThat(fake.calls).containsExactly("hook before shop", "backup pg-dump shop", "hook after shop",
        "index t/pg-dump", "locations shop");
    assertThat(steps(run)).contains("before-hook DONE: command hook exited 0 after 40 ms",
        "after-hook DONE: command hook exited 0 after 40 ms");
  }

  @Test
  void aTargetWithOnlyABeforeHookSkipsTheAfterOneSayingWhy() {
    fake.hooks = new ConfiguredHooks(true, false);
    BackupWorkflow run = backup();
    run.backup(new BackupRequest("shop", "test", "alice"));

    assertThat(fake.calls).containsExactly("hook before shop", "backup pg-dump shop", "index t/pg-dump",
        "locations shop");
    assertThat(steps(run)).contains("after-hook SKIPPED: not configured for shop");
  }

  @Test
  void aFailedBeforeHookMeansNoBackupAndTheAfterHookStillRuns() {
    fake.failingHooks.add(When.BEFORE);
    BackupWorkflow run = backup();

    assertThatThrownBy(() -> run.backup(new BackupRequest("shop", "test", "alice")))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.HOOK_FAILED);
          assertThat(Failures.message(e.getCause())).isEqualTo("before hook of shop failed, so no backup was taken:"
              + " command hook exited 3 after 40 ms: before: cannot reach the application");
        });
    assertThat(fake.calls).containsExactly("hook before shop", "hook after shop");
    assertThat(steps(run)).containsExactly(
        "before-hook FAILED: before hook of shop failed, so no backup was taken: command hook exited 3 after 40 ms:"
            + " before: cannot reach the application",
        "backup SKIPPED: not taken: the before hook failed",
        "after-hook DONE: command hook exited 0 after 40 ms",
        "index PENDING", "replicate PENDING");
    assertThat(fake.runs.get(fake.runs.size() - 1).error()).startsWith("before hook of shop failed");
  }

  @Test
  void aFailedBackupStaysTheCauseWhenItsAfterHookFailsToo() {
    fake.backupFailure = "pg_dump exited with 1: connection refused";
    fake.failingHooks.add(When.AFTER);
    BackupWorkflow run = backup();

    assertThatThrownBy(() -> run.backup(new BackupRequest("shop", "test", "alice")))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.TOOL_FAILED);
          assertThat(Failures.message(e.getCause())).isEqualTo("pg_dump exited with 1: connection refused");
        });
    assertThat(fake.calls).containsExactly("hook before shop", "backup pg-dump shop", "hook after shop");
    assertThat(steps(run)).contains("backup FAILED: pg_dump exited with 1: connection refused",
        "after-hook FAILED: after hook of shop failed: command hook exited 3 after 40 ms:"
            + " after: cannot reach the application");
  }

  @Test
  void aFailedAfterHookFailsTheRunOnceTheGoodBackupIsIndexed() {
    fake.failingHooks.add(When.AFTER);
    BackupWorkflow run = backup();

    assertThatThrownBy(() -> run.backup(new BackupRequest("shop", "test", "alice")))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.HOOK_FAILED);
          assertThat(Failures.message(e.getCause())).startsWith("after hook of shop failed: command hook exited 3");
        });
    assertThat(fake.calls).containsExactly("hook before shop", "backup pg-dump shop", "hook after shop",
        "index t/pg-dump", "locations shop");
    assertThat(fake.runs.get(fake.runs.size() - 1).status().name()).isEqualTo("FAILED");
  }

  @Test
  void theAfterHookRunsWhenTheRunIsCancelledDuringTheBackup() throws Exception {
    CountDownLatch cancelRequested = new CountDownLatch(1);
    fake.backupHeldUntil = cancelRequested;
    BackupWorkflow run = backup();
    WorkflowClient.start(run::backup, new BackupRequest("shop", "test", "alice"));
    assertThat(fake.backupStarted.await(20, TimeUnit.SECONDS)).isTrue();

    WorkflowStub.fromTyped(run).cancel();
    cancelRequested.countDown();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(Void.class))
        .isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
    assertThat(fake.calls).containsExactly("hook before shop", "backup pg-dump shop", "hook after shop");
    assertThat(steps(run)).contains("after-hook DONE: command hook exited 0 after 40 ms");
  }

  @Test
  void aSafetyBackupBeforeARecoveryRunsWithoutHooks() {
    BackupWorkflow run = backup();
    run.backup(new BackupRequest("shop", "before recovery", "runbook", null, true));

    assertThat(fake.calls).containsExactly("backup pg-safety shop", "index t/pg-safety", "locations shop");
    assertThat(steps(run)).contains("before-hook SKIPPED: a safety backup before a recovery runs without hooks",
        "after-hook SKIPPED: a safety backup before a recovery runs without hooks");
  }
}
