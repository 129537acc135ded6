package io.lifeboat.workflows.runbook;

/** A message about a run; posted as JSON to {@code url} when there is one, logged always. */
public record Notification(String runbook, String runId, String message, String url) {}
