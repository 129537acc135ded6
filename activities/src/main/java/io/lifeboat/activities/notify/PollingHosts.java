package io.lifeboat.activities.notify;

import io.lifeboat.workflows.drill.DrillEnvironment;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker hosts polling the shared task queue for activities now, as their own queues: a
 * worker's identity is {@code <pid>@<host>} (the Java SDK's default), and every worker that runs
 * activities also polls {@code <queue>@<host>}. When the server cannot say (it answers an error),
 * only this worker's own queue is returned, and the log says the other hosts' disks go unchecked.
 */
public final class PollingHosts implements Supplier<List<String>> {
  private static final Logger log = LoggerFactory.getLogger(PollingHosts.class);

  private final WorkflowClient client;
  private final String taskQueue;
  private final String ownQueue;

  public PollingHosts(WorkflowClient client, String taskQueue, String ownQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.ownQueue = ownQueue;
  }

  @Override
  public List<String> get() {
    List<PollerInfo> pollers;
    try {
      pollers = client.getWorkflowServiceStubs().blockingStub().describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
          .setNamespace(client.getOptions().getNamespace())
          .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue).build())
          .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)
          .build()).getPollersList();
    } catch (RuntimeException e) {
      log.warn("cannot list the workers polling {} ({}): checking the scratch disks of this worker's host only",
          taskQueue, e.getMessage());
      return List.of(ownQueue);
    }
    List<String> queues = pollers.stream().map(PollerInfo::getIdentity)
        .filter(identity -> identity.indexOf('@') > 0)
        .map(identity -> DrillEnvironment.hostQueue(taskQueue, identity.substring(identity.indexOf('@') + 1)))
        .distinct().sorted().toList();
    return queues.isEmpty() ? List.of(ownQueue) : queues;
  }
}
