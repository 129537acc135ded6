package io.lifeboat.workflows.sources;

/**
 * Copy a source into a new backup folder {@code backupId}; the run that asks is recorded in the
 * manifest.
 *
 * @param safetyOf non-null for a safety backup of the destination a restore is about to replace;
 *     stored as a safety kind, which is never picked as "latest"
 */
public record SourceBackupRequest(TargetRef source, String backupId, String workflowId, String runId,
    Destination safetyOf) {

  public String target() {
    return source.target();
  }

  public boolean safety() {
    return safetyOf != null;
  }
}
