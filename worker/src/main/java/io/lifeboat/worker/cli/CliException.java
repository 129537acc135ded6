package io.lifeboat.worker.cli;

/** A failure the CLI reports as one line plus a hint, with a non-zero exit code. */
public final class CliException extends RuntimeException {
  private final String hint;

  public CliException(String message, String hint) {
    super(message);
    this.hint = hint;
  }

  public String hint() {
    return hint;
  }
}
