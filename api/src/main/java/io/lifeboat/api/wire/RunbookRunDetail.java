package io.lifeboat.api.wire;

import io.lifeboat.catalog.RunEntry;
import io.lifeboat.workflows.runbook.RunbookProgress;

/**
 * One runbook run: Temporal's status, the run's own progress (every step's state, attempts,
 * times, errors, the signals it received, RTO/RPO achieved) and the catalog's record.
 *
 * @param status RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED or TIMED_OUT
 * @param progress null when it could not be queried (see {@code liveUnavailable})
 * @param run null until the workflow has recorded itself in the catalog
 */
public record RunbookRunDetail(
    String runId,
    String workflowId,
    String runbook,
    String status,
    RunbookProgress progress,
    RunEntry run,
    RunFailure failure,
    String liveUnavailable) {}
