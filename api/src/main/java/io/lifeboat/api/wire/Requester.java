package io.lifeboat.api.wire;

/**
 * Who asked for a run: a request names its user in {@link #HEADER}, recorded as the run's
 * {@code requestedBy}. Not authentication: a label for the run history.
 */
public final class Requester {
  public static final String HEADER = "X-Lifeboat-User";
  public static final String ANONYMOUS = "anonymous";

  private Requester() {}
}
