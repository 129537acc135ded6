package io.lifeboat.workflows.sources;

import java.util.List;

/**
 * Restored data compared with what the backup recorded.
 *
 * @param unit what was compared: "tables", "files", "keys", "databases"
 * @param compared how many of them
 * @param mismatches what differs, one line each; empty when everything matches
 */
public record Comparison(String unit, long compared, List<String> mismatches) {
  public boolean matches() {
    return mismatches.isEmpty();
  }

  /** One line for the run's step. */
  public String describe() {
    return matches() ? compared + " " + unit + " equal the backup's" : String.join("; ", mismatches);
  }
}
