package io.lifeboat.workflows.runbook;

import java.time.Instant;

/**
 * One step of a run as an operator sees it.
 *
 * @param group the parallel group the step belongs to; null for a step on its own
 * @param attempts attempts started so far, operator retries included
 * @param compensation what undoing the step did, or null when it was not undone
 */
public record RunbookStepState(
    String name,
    String group,
    StepType type,
    State state,
    int attempts,
    Instant startedAt,
    Instant endedAt,
    String detail,
    String error,
    String compensation) {

  /** RECORDED: in a drill, what the step would have done was recorded instead of done. */
  public enum State { PENDING, RUNNING, WAITING, DONE, FAILED, SKIPPED, RECORDED }

  public static RunbookStepState pending(Step step, String group) {
    return new RunbookStepState(step.name(), group, step.type(), State.PENDING, 0, null, null, null, null, null);
  }

  public RunbookStepState attempt(Instant at) {
    return new RunbookStepState(
        name, group, type, State.RUNNING, attempts + 1, startedAt == null ? at : startedAt, null, detail, error, null);
  }

  /** Still running: an attempt failed and another one follows. */
  public RunbookStepState retrying(String why) {
    return new RunbookStepState(
        name, group, type, State.RUNNING, attempts, startedAt, null, "attempt " + attempts + " failed; trying again",
        why, null);
  }

  public RunbookStepState waiting(String why) {
    return new RunbookStepState(name, group, type, State.WAITING, attempts, startedAt, null, why, error, null);
  }

  public RunbookStepState done(Instant at, String what) {
    return new RunbookStepState(name, group, type, State.DONE, attempts, startedAt, at, what, null, null);
  }

  public RunbookStepState failed(Instant at, String why) {
    return new RunbookStepState(name, group, type, State.FAILED, attempts, startedAt, at, detail, why, null);
  }

  public RunbookStepState skipped(Instant at, String why) {
    return new RunbookStepState(name, group, type, State.SKIPPED, attempts, startedAt, at, why, error, null);
  }

  public RunbookStepState recorded(Instant at, String what) {
    return new RunbookStepState(name, group, type, State.RECORDED, attempts, at, at, what, null, null);
  }

  public RunbookStepState compensated(String what) {
    return new RunbookStepState(name, group, type, state, attempts, startedAt, endedAt, detail, error, what);
  }
}
