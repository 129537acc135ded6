package io.lifeboat.activities.runs;

import java.util.List;

/**
 * The runs in progress that another run must not overlap with, from Temporal's visibility (the
 * search attributes every run carries). Each is named by its workflow id, for the message.
 */
public interface RunningRuns {
  /** For a worker without a Temporal client to ask (tools, tests of other things): nothing runs. */
  RunningRuns NONE = new RunningRuns() {
    @Override
    public List<String> reading(String backupId) {
      return List.of();
    }

    @Override
    public List<String> changing(String target, String exceptWorkflowId) {
      return List.of();
    }
  };

  /** Verifications, restores and drills in progress that read {@code backupId}. */
  List<String> reading(String backupId);

  /** Backups and restores of {@code target} in progress, other than the run {@code exceptWorkflowId}. */
  List<String> changing(String target, String exceptWorkflowId);
}
