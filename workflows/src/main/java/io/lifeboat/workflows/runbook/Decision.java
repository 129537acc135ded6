package io.lifeboat.workflows.runbook;

/**
 * An operator's word on a run, carried by every signal: who says it and why.
 *
 * @param step the step it is meant for; may be null when only one step is waiting
 */
public record Decision(String by, String reason, String step) {
  public static Decision of(String by, String reason) {
    return new Decision(by, reason, null);
  }
}
