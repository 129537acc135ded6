package io.lifeboat.api.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.wire.RunFailure;
import io.lifeboat.workflows.common.RunProgress;

/**
 * What Temporal says about one run now.
 *
 * @param status RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED, TIMED_OUT or CONTINUED_AS_NEW
 * @param progress the workflow's {@code progress} query; null when it could not be asked
 * @param progressUnavailable why {@code progress} is null
 * @param result the workflow's result when it completed
 * @param failure why it ended without a result
 */
public record LiveRun(
    String status,
    String workflowType,
    RunProgress progress,
    String progressUnavailable,
    JsonNode result,
    RunFailure failure) {}
