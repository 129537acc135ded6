package io.lifeboat.workflows.runbook;

/**
 * A check a run made of what it restored or of a service: row counts, file hashes, sampled keys
 * (each restore compares what it restored with what the backup recorded), or a health check.
 */
public record DataCheck(String step, String what, boolean passed, String detail) {}
