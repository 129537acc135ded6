package io.lifeboat.api.wire;

/**
 * Where to follow a run that was just started.
 *
 * @param runId Lifeboat's run id, {@code <workflowId>/<Temporal run id>}, as in {@code GET /api/v1/runs}
 * @param statusUrl the path of the run's {@code GET /api/v1/runs/{runId}}, which answers as soon
 *     as the run has started
 */
public record RunReference(String workflowId, String runId, String type, String target, String statusUrl) {}
