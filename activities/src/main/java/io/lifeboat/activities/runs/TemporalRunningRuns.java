package io.lifeboat.activities.runs;

import io.lifeboat.workflows.common.RunAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.util.List;

/** {@link RunningRuns} from Temporal's visibility store, by the runs' search attributes. */
public final class TemporalRunningRuns implements RunningRuns {
  private final WorkflowClient client;

  public TemporalRunningRuns(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public List<String> reading(String backupId) {
    return running(RunAttributes.BACKUP_ID.getName() + " = " + quoted(backupId) + " AND "
        + RunAttributes.RUN_TYPE.getName() + " IN ('VERIFY', 'RESTORE', 'DRILL')", null);
  }

  @Override
  public List<String> changing(String target, String exceptWorkflowId) {
    return running(RunAttributes.TARGET.getName() + " = " + quoted(target) + " AND "
        + RunAttributes.RUN_TYPE.getName() + " IN ('BACKUP', 'RESTORE')", exceptWorkflowId);
  }

  private List<String> running(String condition, String exceptWorkflowId) {
    try (var runs = client.listExecutions(condition + " AND ExecutionStatus = 'Running'")) {
      return runs.map(WorkflowExecutionMetadata::getExecution).map(e -> e.getWorkflowId())
          .filter(id -> !id.equals(exceptWorkflowId)).distinct().sorted().toList();
    }
  }

  /** A visibility-query string literal; a name with a quote or backslash stays one literal. */
  static String quoted(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
