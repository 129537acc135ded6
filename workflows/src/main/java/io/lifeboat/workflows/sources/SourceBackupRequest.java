package io.lifeboat.workflows.sources;

/** Copy one target into a new backup folder {@code backupId}; the run that asks is recorded in the manifest. */
public record SourceBackupRequest(String target, String backupId, String workflowId, String runId) {}
