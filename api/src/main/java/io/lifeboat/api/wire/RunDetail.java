package io.lifeboat.api.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.workflows.common.RunProgress;

/**
 * One run: the catalog's record of it and Temporal's live view, side by side.
 *
 * @param runId Lifeboat's run id, {@code <workflowId>/<Temporal run id>}
 * @param status Temporal's status (RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED, TIMED_OUT),
 *     or the catalog's when Temporal cannot tell
 * @param run the catalog's record; null until the workflow has indexed the run
 * @param progress the workflow's step states; null when they could not be queried
 * @param result the workflow's result, once it completed
 * @param failure why it failed, once it failed
 * @param liveUnavailable why Temporal's view (status, progress) is missing or partial
 */
public record RunDetail(
    String runId,
    String workflowId,
    String type,
    String target,
    String status,
    RunEntry run,
    RunProgress progress,
    JsonNode result,
    RunFailure failure,
    String liveUnavailable) {}
