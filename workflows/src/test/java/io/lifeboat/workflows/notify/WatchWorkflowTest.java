package io.lifeboat.workflows.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.workflows.TaskQueues;
import io.lifeboat.workflows.testing.Histories;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watch's orchestration: each listed host's disks are checked on that host's own queue, the
 * copies' lag once on the shared queue, and a host whose check fails is one failure line while the
 * rest stands. (A host that stopped polling is given up after a minute's schedule-to-start timeout:
 * the in-memory test server waits that minute in real time, so it is not exercised here.) The hosts are fake activities on their own queues (the real checks have their
 * own test against a real disk and catalog).
 */
class WatchWorkflowTest {
  private static final String HOST_A = TaskQueues.DEFAULT + "@host-a";
  private static final String HOST_B = TaskQueues.DEFAULT + "@host-b";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  /** Which queue each check ran on, as the fake of that queue says. */
  private final Set<String> checkedOn = ConcurrentHashMap.newKeySet();

  /** The queue whose check fails (for good), if any. */
  private volatile String failingHost;

  /** The host queues the shared queue's listing answers. */
  private volatile List<String> listed = List.of(HOST_A, HOST_B);

  /** One host's (or the shared queue's) answers, naming the queue it was registered on. */
  private final class FakeHost implements WatchActivities {
    private final String queue;

    FakeHost(String queue) {
      this.queue = queue;
    }

    @Override
    public List<String> watchedHostQueues() {
      return listed;
    }

    @Override
    public List<String> checkScratchDisks() {
      if (queue.equals(failingHost)) {
        throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure("the disks of this host cannot be read",
            "DiskUnreadable");
      }
      checkedOn.add(queue);
      return List.of((queue.equals(HOST_B) ? "warning" : "ok") + ": scratch disk of /tmp on " + queue);
    }

    @Override
    public List<String> checkReplicationLags() {
      checkedOn.add(queue + " lags");
      return List.of("warning: copies of orders at far-away are 290 min behind");
    }
  }

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker shared = env.newWorker(TaskQueues.DEFAULT);
    shared.registerWorkflowImplementationTypes(WatchWorkflowImpl.class);
    shared.registerActivitiesImplementations(new FakeHost(TaskQueues.DEFAULT));
    env.newWorker(HOST_A).registerActivitiesImplementations(new FakeHost(HOST_A));
    env.newWorker(HOST_B).registerActivitiesImplementations(new FakeHost(HOST_B));
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private WatchWorkflow watch() {
    return client.newWorkflowStub(WatchWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.DEFAULT).setWorkflowId(WatchWorkflow.WORKFLOW_ID).build());
  }

  @Test
  void eachHostChecksItsOwnDisksOnItsOwnQueueAndTheLagsAreCheckedOnce() {
    WatchReport report = watch().watch();
    Histories.keep(client, WatchWorkflow.WORKFLOW_ID, "watch");

    assertThat(checkedOn).containsExactlyInAnyOrder(HOST_A, HOST_B, TaskQueues.DEFAULT + " lags");
    assertThat(report.hostQueues()).containsExactly(HOST_A, HOST_B);
    assertThat(report.findings()).containsExactly(
        "ok: scratch disk of /tmp on " + HOST_A,
        "warning: scratch disk of /tmp on " + HOST_B,
        "warning: copies of orders at far-away are 290 min behind");
    assertThat(report.failures()).isEmpty();
  }

  @Test
  void aHostWhoseCheckFailsIsOneFailureLineAndTheOthersStand() {
    failingHost = HOST_B;
    WatchReport report = watch().watch();

    assertThat(report.findings()).containsExactly(
        "ok: scratch disk of /tmp on " + HOST_A,
        "warning: copies of orders at far-away are 290 min behind");
    assertThat(report.failures())
        .containsExactly("scratch disks of " + HOST_B + " not checked: the disks of this host cannot be read");
  }
}
