package io.lifeboat.workflows.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.lifeboat.workflows.TaskQueues;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.StepState;
import io.lifeboat.workflows.drill.DrillEnvironment;
import io.lifeboat.workflows.restore.ReplaceApproval;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.restore.RestoreWorkflowImpl;
import io.lifeboat.workflows.runbook.Decision;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.lifeboat.workflows.runbook.SignalRecord;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.testing.Histories;
import io.lifeboat.workflows.testing.RunAttributesForTests;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A restore that replaces data waits for a second person: after the checks that touch nothing,
 * before the safety backup and anything that changes the destination. Fake activities and the
 * in-memory test server, which skips the approval window's hours when the test waits for a result.
 */
@Timeout(60)
class ReplaceApprovalTest {
  private static final String ID = RestoreWorkflow.workflowId("shop", "shop");
  /** What a restore that replaces the destination does to it; none of it happens before the approval. */
  private static final List<String> CHANGES = List.of("backup pg-safety shop at shop", "restore b1 beside shop at shop",
      "swap shop at shop__staged in as shop at shop");

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final FakeActivities fake = new FakeActivities();

  /** A run that starts a restore as its child, as a runbook's restore step and a drill do. */
  @WorkflowInterface
  public interface ParentRun {
    @WorkflowMethod
    RestoreResult run(RestoreRequest request);
  }

  public static class ParentRunImpl implements ParentRun {
    @Override
    public RestoreResult run(RestoreRequest request) {
      return Workflow.newChildWorkflowStub(RestoreWorkflow.class).restore(request);
    }
  }

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    RunAttributesForTests.register(env);
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(RestoreWorkflowImpl.class, ParentRunImpl.class);
    worker.registerActivitiesImplementations(fake);
    env.start();
    client = env.getWorkflowClient();
    fake.destinationHoldsData = true;
    fake.destinationDescription = "5 tables, 10000 bytes";
    fake.replaceApproval = new ReplaceApproval(true, Duration.ofHours(4));
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private RestoreWorkflow started(RestoreRequest request) {
    RestoreWorkflow restore = client.newWorkflowStub(RestoreWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.DEFAULT).setWorkflowId(ID).build());
    WorkflowClient.start(restore::restore, request);
    return restore;
  }

  private static RestoreRequest replacing(String requestedBy) {
    return new RestoreRequest("shop", "latest", "shop", true, null, requestedBy);
  }

  private static RestoreResult result(RestoreWorkflow restore) {
    return WorkflowStub.fromTyped(restore).getResult(RestoreResult.class);
  }

  /** Queries until the run is where the test wants it; the test server skips no time meanwhile. */
  private static <T> T await(java.util.function.Supplier<T> query, Predicate<T> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    T value = query.get();
    while (!condition.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("run never reached the expected state: " + value);
      }
      Thread.sleep(20);
      value = query.get();
    }
    return value;
  }

  private static StepState approvalStep(RestoreWorkflow restore) {
    return restore.progress().steps().stream().filter(s -> s.name().equals("approval")).findFirst().orElseThrow();
  }

  private StepState waitingForApproval(RestoreWorkflow restore) throws InterruptedException {
    StepState waiting = await(() -> approvalStep(restore), s -> s.status() == StepState.Status.RUNNING
        && s.detail() != null);
    // the checks that touch nothing ran; nothing that changes the destination did
    await(() -> List.copyOf(fake.calls), calls -> calls.contains("source b1"));
    assertThat(fake.calls).doesNotContainAnyElementsOf(CHANGES);
    return waiting;
  }

  @Test
  void waitsForASecondPersonRefusesTheRequesterAndGoesOnWhenAnotherApproves() throws Exception {
    RestoreWorkflow restore = started(replacing("carol"));
    StepState waiting = waitingForApproval(restore);
    String runId = ID + "/" + WorkflowStub.fromTyped(restore).getExecution().getRunId();

    restore.approve(Decision.of("carol", "I am sure"));
    await(restore::decisions, d -> d.size() == 1);
    assertThat(approvalStep(restore).status()).isEqualTo(StepState.Status.RUNNING);
    assertThat(fake.calls).doesNotContainAnyElementsOf(CHANGES);
    restore.approve(Decision.of("dave", "checked the incident ticket"));
    RestoreResult result = result(restore);

    assertThat(waiting.detail()).isEqualTo("waiting for approval by a second person (not carol) within 4h: run"
        + " `lifeboat restore approve " + runId + " --reason …`");
    assertThat(restore.decisions()).extracting(SignalRecord::signal, SignalRecord::accepted, SignalRecord::note)
        .containsExactly(tuple("approve", false, "four-eyes: carol started this run and cannot approve it"),
            tuple("approve", true, "step 'approval'"));
    assertThat(approvalStep(restore).detail()).isEqualTo("approved by dave: checked the incident ticket");
    assertThat(fake.calls).containsSubsequence(CHANGES);
    assertThat(result.safetyBackupId()).isNotNull();
    Histories.keep(client, ID, "restore-approved");
  }

  @Test
  void aRejectionEndsTheRunWithNothingChanged() throws Exception {
    RestoreWorkflow restore = started(replacing("carol"));
    waitingForApproval(restore);

    restore.reject(Decision.of("dave", "wrong backup"));

    assertThatThrownBy(() -> result(restore))
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(RunbookWorkflow.APPROVAL_REJECTED))
        .satisfies(e -> assertThat(Failures.message(e.getCause()))
            .isEqualTo("rejected by dave: wrong backup; shop at shop was not changed"));
    assertThat(fake.calls).doesNotContainAnyElementsOf(CHANGES);
    assertThat(restore.decisions()).extracting(SignalRecord::signal, SignalRecord::accepted)
        .containsExactly(tuple("reject", true));
  }

  @Test
  void noDecisionWithinTheWindowEndsTheRunWithNothingChanged() throws Exception {
    RestoreWorkflow restore = started(replacing("carol"));
    waitingForApproval(restore);

    assertThatThrownBy(() -> result(restore)) // the test server skips the 4 hours
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(RunbookWorkflow.APPROVAL_TIMED_OUT))
        .satisfies(e -> assertThat(Failures.message(e.getCause())).isEqualTo("no approval within 4h; shop at shop was not"
            + " changed; start the restore again and have another approver approve it, or an admin override it"
            + " with a reason"));
    assertThat(fake.calls).doesNotContainAnyElementsOf(CHANGES);
  }

  @Test
  void aRestoreThatFailsItsChecksWhileAskingLeavesNobodyAsked() {
    fake.integrityFailure = "part 1: checksum mismatch";
    RestoreWorkflow restore = started(replacing("carol"));

    assertThatThrownBy(() -> result(restore))
        .satisfies(e -> assertThat(Failures.message(e.getCause())).isEqualTo("part 1: checksum mismatch"));
    assertThat(approvalStep(restore).status()).isEqualTo(StepState.Status.SKIPPED);
    assertThat(approvalStep(restore).detail()).isEqualTo("no longer asked: the restore failed before a decision");
    assertThat(fake.calls).doesNotContainAnyElementsOf(CHANGES);
  }

  @Test
  void anAdminOverrideWithAReasonPassesTheApproval() throws Exception {
    RestoreWorkflow restore = started(replacing("carol"));
    waitingForApproval(restore);

    restore.override(Decision.of("root", " "));
    await(restore::decisions, d -> d.size() == 1);
    restore.override(Decision.of("root", "sole on-call, database corrupt"));
    result(restore);

    assertThat(restore.decisions()).extracting(SignalRecord::accepted, SignalRecord::note).containsExactly(
        tuple(false, "an override of step 'approval' needs a reason: say why the approval is passed over, for the"
            + " run's record"),
        tuple(true, "OVERRIDDEN by root: sole on-call, database corrupt"));
    assertThat(approvalStep(restore).detail()).isEqualTo("OVERRIDDEN by root: sole on-call, database corrupt");
    assertThat(fake.calls).containsSubsequence(CHANGES);
  }

  @Test
  void aTargetWithReplaceApprovalNoneDoesNotWait() {
    fake.replaceApproval = new ReplaceApproval(false, Duration.ofHours(4));
    RestoreWorkflow restore = started(replacing("carol"));

    result(restore);

    assertThat(approvalStep(restore).status()).isEqualTo(StepState.Status.SKIPPED);
    assertThat(approvalStep(restore).detail())
        .isEqualTo("target shop replaces data without a second person (replaceApproval: none)");
    assertThat(fake.calls).containsSubsequence(CHANGES);
  }

  @Test
  void aDrillsScratchPlaceNeverWaits() {
    RestoreRequest request = new RestoreRequest(TargetRef.of("shop"), "latest", "shop", true, false, null, "drill",
        null, false, DrillEnvironment.destinationName("d1", "postgres"), false, false);
    RestoreWorkflow restore = client.newWorkflowStub(RestoreWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.DEFAULT).setWorkflowId(RestoreWorkflow.workflowId(request)).build());

    restore.restore(request);

    assertThat(approvalStep(restore).status()).isEqualTo(StepState.Status.SKIPPED);
    assertThat(approvalStep(restore).detail()).endsWith("is a drill's scratch place: a drill touches nothing real");
  }

  @Test
  void aRestoreStartedByAnotherRunNeverWaits() {
    ParentRun parent = client.newWorkflowStub(ParentRun.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.DEFAULT).setWorkflowId("runbook:restore-shop:test").build());

    RestoreResult result = parent.run(replacing("carol"));

    assertThat(result.safetyBackupId()).isNotNull();
    assertThat(fake.calls).containsSubsequence(CHANGES);
  }

  /** The window is the window: an approval sent after it closed is late, even while the backup still thaws. */
  @Test
  void anApprovalAfterTheWindowClosedDuringALongThawIsRefusedAsLate() throws Exception {
    fake.archivedChecks.set(20); // the backup thaws for far longer than the 4h window
    RestoreWorkflow restore = started(replacing("carol"));
    await(() -> approvalStep(restore), s -> s.status() == StepState.Status.RUNNING && s.detail() != null);

    env.sleep(Duration.ofHours(5));
    restore.approve(Decision.of("dave", "fine"));
    await(restore::decisions, d -> d.size() == 1);

    assertThat(restore.decisions()).extracting(SignalRecord::accepted).containsExactly(false);
    assertThat(restore.decisions().get(0).note()).startsWith("step 'approval' was already decided (no approval"
        + " within 4h");
    assertThatThrownBy(() -> result(restore))
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(RunbookWorkflow.APPROVAL_TIMED_OUT));
    assertThat(fake.calls).doesNotContainAnyElementsOf(CHANGES);
  }

  @Test
  void anApprovalOfARestoreThatReplacesNothingIsRefused() throws Exception {
    fake.destinationHoldsData = false;
    fake.archivedChecks.set(1); // the run waits for the backup to thaw: the test server skips no time meanwhile
    RestoreWorkflow restore = started(replacing("carol"));
    await(() -> List.copyOf(fake.calls), calls -> calls.contains("inspect shop at shop"));

    restore.approve(Decision.of("dave", "fine"));
    await(restore::decisions, d -> d.size() == 1);
    result(restore);

    assertThat(restore.decisions()).extracting(SignalRecord::accepted, SignalRecord::note).containsExactly(tuple(false,
        "this restore is not waiting for an approval: only one that replaces data asks for it, once it has inspected"
            + " the destination"));
    assertThat(approvalStep(restore).detail()).isEqualTo("shop at shop holds no data: nothing is replaced");
  }
}
