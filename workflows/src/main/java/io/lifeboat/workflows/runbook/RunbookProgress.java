package io.lifeboat.workflows.runbook;

import java.time.Instant;
import java.util.List;

/**
 * A run as it stands: returned by the progress query while it runs and as the workflow's result
 * when it succeeds. A failed run's last progress stays available to the query after it closed.
 *
 * @param waitingFor what the run waits for (an approval, an operator after a failure); null otherwise
 * @param restored the backups restored so far, with their targets' objectives
 * @param checks what was checked of the restored data and the services
 */
public record RunbookProgress(
    String runbook,
    String workflowId,
    String startedBy,
    Status status,
    Instant startedAt,
    Instant endedAt,
    String waitingFor,
    List<RunbookStepState> steps,
    List<SignalRecord> signals,
    RecoveryMeasures measures,
    String error,
    List<RestoredBackup> restored,
    List<DataCheck> checks) {

  public RunbookProgress(String runbook, String workflowId, String startedBy, Status status, Instant startedAt,
      Instant endedAt, String waitingFor, List<RunbookStepState> steps, List<SignalRecord> signals,
      RecoveryMeasures measures, String error) {
    this(runbook, workflowId, startedBy, status, startedAt, endedAt, waitingFor, steps, signals, measures, error,
        List.of(), List.of());
  }

  public enum Status { STARTING, RUNNING, WAITING, COMPENSATING, SUCCEEDED, FAILED, ABORTED }
}
