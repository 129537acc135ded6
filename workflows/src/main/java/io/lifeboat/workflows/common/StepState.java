package io.lifeboat.workflows.common;

import java.time.Instant;

/** One step of a run as an operator sees it; returned by every workflow's progress query. */
public record StepState(String name, Status status, Instant startedAt, Instant endedAt, String detail) {
  public enum Status { PENDING, RUNNING, DONE, FAILED, SKIPPED }

  public static StepState pending(String name) {
    return new StepState(name, Status.PENDING, null, null, null);
  }

  public StepState running(Instant at) {
    return new StepState(name, Status.RUNNING, at, null, null);
  }

  /** Still running, saying what it waits for. */
  public StepState waiting(String forWhat) {
    return new StepState(name, Status.RUNNING, startedAt, null, forWhat);
  }

  public StepState done(Instant at, String what) {
    return new StepState(name, Status.DONE, startedAt, at, what);
  }

  public StepState failed(Instant at, String why) {
    return new StepState(name, Status.FAILED, startedAt, at, why);
  }

  public StepState skipped(String why) {
    return new StepState(name, Status.SKIPPED, null, null, why);
  }
}
