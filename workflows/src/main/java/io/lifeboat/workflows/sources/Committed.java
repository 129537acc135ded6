package io.lifeboat.workflows.sources;

/**
 * A staged restore swapped into its destination.
 *
 * @param keptAs where the replaced data is kept until the run has succeeded (a database, a schema,
 *     a directory, a file); null when nothing was replaced
 * @param summary what the swap did, for the run's step
 */
public record Committed(String keptAs, String summary) {
  public boolean replaced() {
    return keptAs != null;
  }
}
