package io.lifeboat.workflows.replication;

import java.util.List;

/**
 * Copy one backup to off-site locations (or, with {@code checkOnly}, only check the copies
 * already there, re-reading every object and comparing its SHA-256 with the manifest).
 *
 * @param locations the locations to copy to; null for every configured location
 */
public record ReplicationRequest(String backupId, boolean checkOnly, String requestedBy, List<String> locations) {
  public ReplicationRequest(String backupId, boolean checkOnly, String requestedBy) {
    this(backupId, checkOnly, requestedBy, null);
  }
}
