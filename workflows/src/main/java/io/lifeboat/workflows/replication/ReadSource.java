package io.lifeboat.workflows.replication;

/**
 * Where a verification or restore read a backup from.
 *
 * @param location {@link #PRIMARY}, or the name of the off-site copy location read instead
 * @param primaryProblem why the primary bucket was not read; null when it was
 */
public record ReadSource(String location, String primaryProblem) {
  public static final String PRIMARY = "primary";

  public static ReadSource primary() {
    return new ReadSource(PRIMARY, null);
  }
}
