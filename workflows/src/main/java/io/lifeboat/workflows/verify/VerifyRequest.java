package io.lifeboat.workflows.verify;

/** Verify one backup; {@code testRestore} also restores it into a scratch database and compares. */
public record VerifyRequest(String backupId, boolean testRestore, String requestedBy) {}
