package io.lifeboat.api.runbooks;

import io.lifeboat.api.metrics.ApiMetrics;
import io.lifeboat.api.temporal.DecisionSignals;
import io.lifeboat.api.temporal.RunInspector;
import io.lifeboat.api.temporal.WorkflowStarter;
import io.lifeboat.api.wire.RunFailure;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.api.wire.SignalOutcome;
import io.lifeboat.workflows.runbook.Decision;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookRequest;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.Optional;

/** Starts runbook runs, reads their progress and sends them signals, as a Temporal client. */
public final class RunbookRuns {
  private final WorkflowClient client;
  private final String taskQueue;
  private final ApiMetrics metrics;

  public RunbookRuns(WorkflowClient client, String taskQueue, ApiMetrics metrics) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.metrics = metrics;
  }

  /**
   * Starts a run under {@link RunbookWorkflow#workflowId}. While a run with the same key goes on,
   * a second start is refused ({@code WorkflowExecutionAlreadyStarted}); with {@code oncePerKey}
   * (an alert's key) it is refused after that run has ended too.
   */
  public RunReference start(RunbookRequest request, String key, boolean oncePerKey) {
    String workflowId = RunbookWorkflow.workflowId(request.runbook().name(), key);
    RunbookWorkflow workflow = client.newWorkflowStub(RunbookWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(taskQueue)
        .setWorkflowIdReusePolicy(oncePerKey
            ? WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE
            : WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setStaticSummary("Runbook " + request.runbook().name() + ", started by " + request.startedBy())
        .build());
    WorkflowExecution execution = WorkflowClient.start(workflow::run, request);
    metrics.runStarted("RUNBOOK");
    String runId = WorkflowStarter.runId(execution);
    return new RunReference(workflowId, runId, "RUNBOOK", request.runbook().name(), WorkflowStarter.statusUrl(runId));
  }

  /** What Temporal says about a run now; empty when it has no such run. */
  public Optional<View> inspect(String workflowId, String runId) {
    // A runbook's result is its final progress: what the query returns while it runs.
    return new RunInspector(client).inspect(workflowId, runId, RunbookProgress.class, RunbookProgress.class)
        .map(run -> new View(run.status(), run.workflowType(), run.progress() == null ? run.result() : run.progress(),
            run.failure(), run.progressUnavailable()));
  }

  /**
   * Sends a signal and waits briefly for the run to record what it made of it (the workflow
   * records every signal, refused ones with why).
   *
   * @throws WorkflowNotFoundException when the run does not exist or has ended
   */
  public SignalOutcome signal(String workflowId, String runId, String signal, Decision decision)
      throws InterruptedException {
    return new DecisionSignals(client).send(workflowId, runId, signal, decision, stub -> {
      RunbookProgress progress = stub.query("progress", RunbookProgress.class);
      return progress.signals();
    });
  }

  /**
   * @param status RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED or TIMED_OUT
   * @param progress null when the run could not be queried
   */
  public record View(String status, String workflowType, RunbookProgress progress, RunFailure failure,
      String progressUnavailable) {}
}
