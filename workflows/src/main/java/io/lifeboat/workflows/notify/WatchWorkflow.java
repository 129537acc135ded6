package io.lifeboat.workflows.notify;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The periodic watch (Temporal Schedule {@value #SCHEDULE_ID}, every {@code notifications.watchEvery}):
 * between runs, the scratch disks of every worker host and the off-site copies' lag are checked,
 * and what crossed a threshold or cleared is notified.
 */
@WorkflowInterface
public interface WatchWorkflow {
  String SCHEDULE_ID = "schedule:watch";

  /** The id of the runs it starts (the server appends each run's time). */
  String WORKFLOW_ID = "watch";

  @WorkflowMethod
  WatchReport watch();
}
