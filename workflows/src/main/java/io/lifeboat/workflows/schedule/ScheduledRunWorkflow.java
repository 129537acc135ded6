package io.lifeboat.workflows.schedule;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Started by a Temporal Schedule (or, on a server without Schedules, as a cron workflow) for one
 * schedule of a target; runs the action as a child workflow under its business id, so a
 * scheduled backup and an on-demand backup of one target never run at once.
 */
@WorkflowInterface
public interface ScheduledRunWorkflow {
  /** Id of the Temporal Schedule, and of the cron workflow that stands in for it. */
  static String scheduleId(String target, String schedule) {
    return "schedule:" + target + ":" + schedule;
  }

  /** Id of the Temporal Schedule of a target's drills ({@code drills:}). */
  static String drillScheduleId(String target) {
    return "schedule:drill:" + target;
  }

  /** Id of the Temporal Schedule of a runbook's drills ({@code drills.runbooks}). */
  static String runbookDrillScheduleId(String runbook) {
    return "schedule:drill-runbook:" + runbook;
  }

  /** @return the workflow id of the run it started, or why it started none */
  @WorkflowMethod
  String fire(ScheduledRun run);
}
