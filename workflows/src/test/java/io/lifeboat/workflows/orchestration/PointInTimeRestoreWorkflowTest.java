package io.lifeboat.workflows.orchestration;

import io.lifeboat.workflows.cluster.PointInTimeRestoreWorkflowImpl;
import io.lifeboat.workflows.cluster.ArchiveCheckWorkflowImpl;
import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.testing.Histories;
import io.lifeboat.workflows.testing.RunAttributesForTests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.workflows.TaskQueues;
import io.lifeboat.workflows.cluster.ArchiveCheckWorkflow;
import io.lifeboat.workflows.cluster.PointInTimeRequest;
import io.lifeboat.workflows.cluster.PointInTimeRestoreWorkflow;
import io.lifeboat.workflows.cluster.PointInTimeResult;
import io.lifeboat.workflows.cluster.RecoveryTarget;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Point-in-time recovery and archive checks, orchestrated over fake cluster activities. */
class PointInTimeRestoreWorkflowTest {
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final FakeCluster fake = new FakeCluster();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    RunAttributesForTests.register(env);
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(PointInTimeRestoreWorkflowImpl.class, ArchiveCheckWorkflowImpl.class);
    worker.registerActivitiesImplementations(fake);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private <T> T stub(Class<T> type, String id) {
    return client.newWorkflowStub(type, WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.DEFAULT)
        .setWorkflowId(id).build());
  }

  @Test
  void recoversInOrderAndMeasuresTheRpoFromTheTargetToTheNewestArchivedWal() {
    Instant target = Instant.parse("2026-11-20T02:30:00Z");
    Instant incident = Instant.parse("2026-11-20T02:45:00Z");
    PointInTimeResult result = stub(PointInTimeRestoreWorkflow.class, "pitr:main:/srv/r")
        .recover(new PointInTimeRequest("main", RecoveryTarget.time(target), null, "/srv/r", 5433, incident, "bob"));

    assertThat(fake.calls).containsExactly("plan time " + target, "fetch base-1 into /srv/r", "start on 5433",
        "await");
    assertThat(result.recoveryPoint()).isEqualTo(target);
    assertThat(result.achievedRpoMillis()).isEqualTo(30 * 60_000L);
    assertThat(result.achievedRtoMillis()).isEqualTo(result.completedAt().toEpochMilli() - incident.toEpochMilli());
    assertThat(result.timeline()).isEqualTo(2);
    assertThat(fake.runs).extracting(r -> r.status().name()).containsExactly("RUNNING", "COMPLETED");
    assertThat(fake.runs.get(1).type()).isEqualTo(RunType.RESTORE);
    assertThat(fake.runs.get(1).achievedRpoMillis()).isEqualTo(30 * 60_000L);
    Histories.keep(client, "pitr:main:/srv/r", "point-in-time-restore");
  }

  @Test
  void aNamedTargetRecoversToItsLastReplayedTransaction() {
    PointInTimeResult result = stub(PointInTimeRestoreWorkflow.class, "pitr:main:/srv/n")
        .recover(new PointInTimeRequest("main", RecoveryTarget.name("before-migration"), null, "/srv/n", 5433, null,
            "bob"));

    assertThat(result.recoveryPoint()).isEqualTo(Instant.parse("2026-11-20T02:29:59Z"));
    assertThat(result.achievedRpoMillis()).isEqualTo(30 * 60_000L + 1_000);
  }

  @Test
  void anAmbiguousTargetIsRefusedBeforeAnythingRuns() {
    RecoveryTarget two = new RecoveryTarget(Instant.parse("2026-11-20T02:30:00Z"), "0/5000000", null);
    assertThatThrownBy(() -> stub(PointInTimeRestoreWorkflow.class, "pitr:main:/srv/x")
        .recover(new PointInTimeRequest("main", two, null, "/srv/x", 5433, null, "bob")))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.BAD_REQUEST);
          assertThat(Failures.message(e.getCause())).contains("exactly one target");
        });
    assertThat(fake.calls).isEmpty();
    assertThat(fake.runs).extracting(r -> r.status().name()).containsExactly("RUNNING", "FAILED");
  }

  @Test
  void anArchiveWithAGapFailsItsCheckNamingTheSegments() {
    assertThat(stub(ArchiveCheckWorkflow.class, "archive-check:main").check("main").gaps()).isEmpty();
    Histories.keep(client, "archive-check:main", "archive-check");

    fake.gaps = List.of("000000010000000000000005..000000010000000000000007");
    assertThatThrownBy(() -> stub(ArchiveCheckWorkflow.class, "archive-check:main:2").check("main"))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.WAL_GAP);
          assertThat(Failures.message(e.getCause())).contains("000000010000000000000005..000000010000000000000007")
              .contains("new base backup");
        });
  }
}
