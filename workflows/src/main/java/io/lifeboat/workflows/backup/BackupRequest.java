package io.lifeboat.workflows.backup;

/** Back up one target now. {@code reason} is free text kept with the run (e.g. "before risky change"). */
public record BackupRequest(String target, String reason, String requestedBy) {}
