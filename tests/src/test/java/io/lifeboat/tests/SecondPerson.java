package io.lifeboat.tests;

import io.lifeboat.workflows.common.StepState;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.runbook.Decision;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The second person a restore that replaces data waits for (targets' {@code replaceApproval:
 * required}, the default), in tests of the real flow: approves it as someone other than its
 * requester once it waits, as `lifeboat restore approve` does through the API.
 */
final class SecondPerson {
  static final String NAME = "second-approver";

  private SecondPerson() {}

  /** Starts the restore, approves it when it waits, and returns its result (or throws its failure). */
  static RestoreResult approves(RestoreWorkflow restore, RestoreRequest request) {
    WorkflowClient.start(restore::restore, request);
    approveWhenWaiting(restore, Duration.ofMinutes(2));
    return WorkflowStub.fromTyped(restore).getResult(RestoreResult.class);
  }

  /** Approves the started restore once it waits; returns without approving when it ends first. */
  static void approveWhenWaiting(RestoreWorkflow restore, Duration within) {
    CompletableFuture<Object> ended = WorkflowStub.fromTyped(restore).getResultAsync(Object.class);
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline && !ended.isDone()) {
      if (waiting(restore)) {
        restore.approve(Decision.of(NAME, "checked: this test replaces the data on purpose"));
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting to approve the restore", e);
      }
    }
  }

  private static boolean waiting(RestoreWorkflow restore) {
    try {
      return restore.progress().steps().stream().anyMatch(step -> step.name().equals("approval")
          && step.status() == StepState.Status.RUNNING);
    } catch (RuntimeException notQueryableYet) {
      return false;
    }
  }
}
