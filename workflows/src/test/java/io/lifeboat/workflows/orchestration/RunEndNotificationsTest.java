package io.lifeboat.workflows.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.backup.BackupWorkflowImpl;
import io.lifeboat.workflows.backup.CatalogActivities.RunRecord;
import io.lifeboat.workflows.TaskQueues;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.RunStatus;
import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.notify.NotificationActivities;
import io.lifeboat.workflows.replication.ReplicationWorkflowImpl;
import io.lifeboat.workflows.testing.Histories;
import io.lifeboat.workflows.testing.RunAttributesForTests;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run's start and end are handed to the notification activity once recorded; a notification that
 * cannot be delivered is retried for a while and never fails the run; a worker that hosts no
 * notifications skips them at once.
 */
@Timeout(60)
class RunEndNotificationsTest {
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final FakeActivities fake = new FakeActivities();
  private final RecordingNotifications notifications = new RecordingNotifications();

  /** Records each run's end; fails its first {@code failures} attempts as an unreachable channel would. */
  static final class RecordingNotifications implements NotificationActivities {
    final List<RunRecord> started = new CopyOnWriteArrayList<>();
    final List<RunRecord> ended = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
    volatile int failures;

    @Override
    public void notifyRunStarted(RunRecord run) {
      started.add(run);
    }

    @Override
    public void notifyRunEnded(RunRecord run, List<String> warnings) {
      if (attempts.incrementAndGet() <= failures) {
        throw ApplicationFailure.newFailure("notifications not delivered to hook (backup-failed)",
            FailureTypes.TOOL_FAILED);
      }
      ended.add(run);
    }
  }

  private void start(boolean withNotifications) {
    env = TestWorkflowEnvironment.newInstance();
    RunAttributesForTests.register(env);
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(BackupWorkflowImpl.class, ReplicationWorkflowImpl.class);
    worker.registerActivitiesImplementations(fake);
    if (withNotifications) {
      worker.registerActivitiesImplementations(notifications);
    }
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private BackupWorkflow backup(String id) {
    return client.newWorkflowStub(BackupWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.DEFAULT)
        .setWorkflowId(id).setWorkflowRunTimeout(Duration.ofMinutes(30)).build());
  }

  @Test
  void aCompletedBackupIsNotifiedAsRecorded() {
    start(true);
    BackupWorkflow backup = backup("backup:app");

    BackupResult result = backup.backup(new BackupRequest("app", "test", "alice"));

    assertThat(notifications.started).singleElement().satisfies(run -> {
      assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
      assertThat(run.workflowId()).isEqualTo("backup:app");
    });
    assertThat(notifications.ended).singleElement().satisfies(run -> {
      assertThat(run.type()).isEqualTo(RunType.BACKUP);
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run.target()).isEqualTo("app");
      assertThat(run.backupId()).isEqualTo(result.backupId());
      assertThat(run.workflowId()).isEqualTo("backup:app");
      assertThat(run.runId()).isEqualTo(WorkflowStub.fromTyped(backup).getExecution().getRunId());
    });
    Histories.keep(client, "backup:app", "backup-notified");
  }

  @Test
  void aFailedBackupIsNotifiedWithItsErrorAndStillFailsWithIt() {
    start(true);
    fake.backupFailure = "pg_dump: could not connect to server";

    assertThatThrownBy(() -> backup("backup:app").backup(new BackupRequest("app", "test", "alice")))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> assertThat(Failures.message(e.getCause())).contains("could not connect to server"));

    assertThat(notifications.ended).singleElement().satisfies(run -> {
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(run.error()).contains("could not connect to server");
    });
  }

  @Test
  void aNotificationThatFailsIsRetriedAndTheBackupSucceedsAllTheSame() {
    start(true);
    notifications.failures = 2;

    backup("backup:app").backup(new BackupRequest("app", "test", "alice"));

    assertThat(notifications.attempts).hasValue(3);
    assertThat(notifications.ended).hasSize(1);
  }

  @Test
  void aNotificationNeverDeliveredIsGivenUpAndTheBackupSucceeds() {
    start(true);
    notifications.failures = Integer.MAX_VALUE;

    BackupResult result = backup("backup:app").backup(new BackupRequest("app", "test", "alice"));

    assertThat(result.backupId()).isNotBlank();
    assertThat(notifications.attempts.get()).as("retried for the bounded time, then given up").isGreaterThan(3);
    assertThat(notifications.ended).isEmpty();
  }

  @Test
  void aWorkerWithoutNotificationsSkipsThemAtOnce() {
    start(false);

    BackupResult result = backup("backup:app").backup(new BackupRequest("app", "test", "alice"));

    assertThat(result.backupId()).isNotBlank();
    List<HistoryEvent> events = client.fetchHistory("backup:app").getEvents();
    assertThat(events).filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)
        .extracting(e -> e.getActivityTaskFailedEventAttributes().getFailure().getMessage())
        .satisfiesExactly(
            m -> assertThat(m).startsWith("Activity Type \"NotifyRunStarted\" is not registered with a worker"),
            m -> assertThat(m).startsWith("Activity Type \"NotifyRunEnded\" is not registered with a worker"));
    assertThat(events.get(events.size() - 1).getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(events.get(events.size() - 1).getEventTime().getSeconds() - events.get(0).getEventTime().getSeconds())
        .as("no retry waited for").isLessThan(5);
  }
}
