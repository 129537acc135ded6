package io.lifeboat.workflows.runbook;

/** What a run does when a step has failed all its attempts. */
public enum OnFailure {
  /** Undo what the run did so far, in reverse order, and fail the run. */
  COMPENSATE("compensate"),
  /** Wait for an operator to say retry, skip or abort. */
  PAUSE("pause"),
  /** Record the failure and go on with the next step. */
  CONTINUE("continue");

  private final String yamlName;

  OnFailure(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }
}
