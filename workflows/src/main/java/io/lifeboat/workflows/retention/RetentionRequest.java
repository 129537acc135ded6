package io.lifeboat.workflows.retention;

/** Apply a target's retention policy; a dry run only reports what it would delete and why the rest stays. */
public record RetentionRequest(String target, boolean dryRun, String requestedBy, String reason) {}
