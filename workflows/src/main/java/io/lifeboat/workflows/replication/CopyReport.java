package io.lifeboat.workflows.replication;

import java.util.List;

/**
 * One backup at one off-site location after a copy or a check.
 *
 * @param copied objects written by this run (0 when every object was already there and intact)
 * @param problems objects missing or whose SHA-256 differs from the manifest; empty when intact
 */
public record CopyReport(String backupId, String location, String bucket, String manifestKey, int objects,
    int copied, long bytes, List<String> problems) {
  public boolean intact() {
    return problems.isEmpty();
  }
}
