package io.lifeboat.api.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.wire.RunFailure;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.RunProgress;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads one run's live state from Temporal: status, progress query, and result or failure. */
public final class RunInspector {
  private static final String STATUS_PREFIX = "WORKFLOW_EXECUTION_STATUS_";
  // A closed run's result is already in its history; the wait only guards a stalled frontend.
  private static final long RESULT_WAIT_SECONDS = 5;

  private final WorkflowClient client;

  public RunInspector(WorkflowClient client) {
    this.client = client;
  }

  /** Empty when Temporal has no such run (never started there, or its history was removed). */
  public Optional<LiveRun> inspect(String workflowId, String runId) {
    return inspect(workflowId, runId, RunProgress.class, JsonNode.class).map(run -> new LiveRun(run.status(),
        run.workflowType(), run.progress(), run.progressUnavailable(), run.result(), run.failure()));
  }

  /**
   * A run as Temporal sees it now: its status, its {@code progress} query read as {@code P}, and,
   * once closed, its result read as {@code R} or its failure. Empty when Temporal has no such run.
   */
  public <P, R> Optional<Inspection<P, R>> inspect(String workflowId, String runId, Class<P> progressType,
      Class<R> resultType) {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId, Optional.of(runId), Optional.empty());
    WorkflowExecutionDescription description;
    try {
      description = stub.describe();
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
    WorkflowExecutionStatus status = description.getStatus();
    P progress = null;
    String progressUnavailable = null;
    try {
      progress = stub.query("progress", progressType);
    } catch (RuntimeException e) {
      // A closed run is queried by replaying it on a worker: without a worker, there is no answer.
      progressUnavailable = "progress query failed: " + Failures.message(e);
    }
    R result = null;
    RunFailure failure = null;
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      try {
        result = stub.getResult(RESULT_WAIT_SECONDS, TimeUnit.SECONDS, resultType);
      } catch (WorkflowException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        failure = new RunFailure(Failures.message(cause), Failures.type(cause));
      } catch (TimeoutException e) {
        failure = new RunFailure("the run's outcome could not be read within " + RESULT_WAIT_SECONDS + " s", null);
      }
    }
    return Optional.of(new Inspection<>(name(status), description.getWorkflowType(), progress, progressUnavailable,
        result, failure));
  }

  /**
   * @param progressUnavailable why the progress query had no answer; null when it had one
   * @param result null while running, or when the run failed
   */
  public record Inspection<P, R>(String status, String workflowType, P progress, String progressUnavailable,
      R result, RunFailure failure) {}

  private static String name(WorkflowExecutionStatus status) {
    return status.name().startsWith(STATUS_PREFIX) ? status.name().substring(STATUS_PREFIX.length()) : status.name();
  }
}
