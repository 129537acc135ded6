package io.lifeboat.api.client;

/**
 * The API refused a request, failed, or could not be reached. The message is what an operator
 * reads: the error and, when there is one, the hint.
 */
public final class LifeboatApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@link #status()} of an API that did not answer at all. */
  public static final int UNREACHABLE = 0;

  private final int status;
  private final String error;
  private final String field;
  private final String hint;
  private final String workflowId;
  private final String runId;

  LifeboatApiException(int status, String error, String field, String hint, String workflowId, String runId,
      Throwable cause) {
    super(hint == null ? error : error + " (" + hint + ")", cause);
    this.status = status;
    this.error = error;
    this.field = field;
    this.hint = hint;
    this.workflowId = workflowId;
    this.runId = runId;
  }

  /** The HTTP status, or {@link #UNREACHABLE}. */
  public int status() {
    return status;
  }

  public boolean isUnreachable() {
    return status == UNREACHABLE;
  }

  public String error() {
    return error;
  }

  /** The request field the error is about; null when it is about no one field. */
  public String field() {
    return field;
  }

  public String hint() {
    return hint;
  }

  /** On a 409: the workflow already running, which a caller may follow instead. */
  public String workflowId() {
    return workflowId;
  }

  /** On a 409: the run already running. */
  public String runId() {
    return runId;
  }
}
