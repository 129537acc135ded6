package io.lifeboat.runbooks;

/** One thing wrong with a runbook file, where it is (1-based line and column) and what was expected. */
public record Problem(int line, int column, String message) {
  @Override
  public String toString() {
    return line + ":" + column + ": " + message;
  }
}
