package io.lifeboat.api.temporal;

import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.wire.SignalOutcome;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.workflows.runbook.Decision;
import io.lifeboat.workflows.runbook.SignalRecord;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sends a person's decision (approve, reject, override, ...) to a run and waits briefly to hear
 * what the run made of it: runbooks and restores record every decision, refused ones with why,
 * where a query reads them.
 */
public final class DecisionSignals {
  /** How long a signal's sender waits to hear whether the run accepted it. */
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(100);

  private final WorkflowClient client;

  public DecisionSignals(WorkflowClient client) {
    this.client = client;
  }

  /**
   * @param recorded the decisions the run recorded so far, read by a query
   * @throws WorkflowNotFoundException when the run does not exist or has ended
   */
  public SignalOutcome send(String workflowId, String runId, String signal, Decision decision,
      Function<WorkflowStub, List<SignalRecord>> recorded) throws InterruptedException {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId, Optional.of(runId), Optional.empty());
    int before = read(stub, recorded).size();
    stub.signal(signal, decision);
    String lifeboatRunId = RunEntry.runId(workflowId, runId);
    long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<SignalRecord> after = read(stub, recorded);
      for (SignalRecord record : after.subList(Math.min(before, after.size()), after.size())) {
        if (record.signal().equals(signal) && record.decision() != null
            && decision.by().equals(record.decision().by())) {
          return new SignalOutcome(lifeboatRunId, signal, decision.by(), record.accepted(), record.note());
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    return new SignalOutcome(lifeboatRunId, signal, decision.by(), null,
        "sent; the run has not answered within " + ANSWER_WAIT.toSeconds() + " s");
  }

  /**
   * What the API answers to a decision the run refused: 403 when it refused who sent it
   * (four-eyes, not a named approver), 409 otherwise (nothing waits for it, already decided).
   */
  public static ApiProblem refusal(SignalOutcome outcome, String whatItWaitsFor) {
    boolean notYours = outcome.note() != null
        && (outcome.note().startsWith("four-eyes") || outcome.note().contains("is not an approver"));
    return notYours
        ? ApiProblem.forbidden("signal", outcome.note(), "another approver must send it")
        : ApiProblem.conflict("step", outcome.note(), whatItWaitsFor);
  }

  private static List<SignalRecord> read(WorkflowStub stub, Function<WorkflowStub, List<SignalRecord>> recorded) {
    try {
      List<SignalRecord> records = recorded.apply(stub);
      return records == null ? List.of() : records;
    } catch (WorkflowNotFoundException e) {
      throw e;
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
