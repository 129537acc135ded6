package io.lifeboat.workflows.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.workflows.TaskQueues;
import io.lifeboat.workflows.drill.DrillRequest;
import io.lifeboat.workflows.drill.DrillResult;
import io.lifeboat.workflows.drill.DrillWorkflow;
import io.lifeboat.workflows.testing.RunAttributesForTests;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A scheduled drill starts a DrillWorkflow child under the drill's id, with the request the
 * schedule describes. The drill itself is a recording stand-in: its own tests cover what it does.
 */
class ScheduledDrillTest {
  static final List<String> DRILLS = new CopyOnWriteArrayList<>();
  static final List<DrillRequest> REQUESTS = new CopyOnWriteArrayList<>();

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  /** Records the request and the id it runs under. */
  public static class RecordingDrillWorkflow implements DrillWorkflow {
    @Override
    public DrillResult drill(DrillRequest request) {
      DRILLS.add(Workflow.getInfo().getWorkflowId());
      REQUESTS.add(request);
      return new DrillResult(null, "drills/" + Workflow.getInfo().getWorkflowId());
    }

    @Override
    public io.lifeboat.workflows.common.RunProgress progress() {
      return new io.lifeboat.workflows.common.RunProgress("DRILL", "COMPLETED", java.util.List.of());
    }
  }

  @BeforeEach
  void start() {
    DRILLS.clear();
    REQUESTS.clear();
    env = TestWorkflowEnvironment.newInstance();
    RunAttributesForTests.register(env);
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(ScheduledRunWorkflowImpl.class, RecordingDrillWorkflow.class);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aScheduledDrillOfATargetStartsItsDrillUnderTheDrillsIdAsRequestedByTheSchedule() {
    Instant before = Instant.ofEpochMilli(env.currentTimeMillis()).truncatedTo(ChronoUnit.SECONDS);
    String started = fire("schedule:drill:orders", ScheduledRun.drill("orders", null, null, "drill:orders"));
    Instant after = Instant.ofEpochMilli(env.currentTimeMillis());

    assertThat(started).matches("drill-\\d{8}-\\d{6}-orders");
    assertThat(DrillWorkflow.STAMP.parse(started.substring("drill-".length(), "drill-yyyyMMdd-HHmmss".length()),
        Instant::from)).as("the drill's id says when the schedule fired").isBetween(before, after);
    assertThat(DRILLS).containsExactly(started);
    assertThat(REQUESTS).containsExactly(new DrillRequest(null, "orders", Map.of(), "schedule:drill:orders",
        "scheduled (drill:orders)", false, null));
  }

  @Test
  void aScheduledDrillOfARunbookPassesItsParameters() {
    String started = fire("schedule:drill-runbook:full-system-restore", ScheduledRun.drill(null, "full-system-restore",
        Map.of("backup", "latest"), "drill-runbook:full-system-restore"));

    assertThat(started).contains("-full-system-restore");
    assertThat(REQUESTS).containsExactly(new DrillRequest("full-system-restore", null, Map.of("backup", "latest"),
        "schedule:drill-runbook:full-system-restore", "scheduled (drill-runbook:full-system-restore)", false, null));
  }

  private String fire(String scheduleId, ScheduledRun run) {
    return client.newWorkflowStub(ScheduledRunWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.DEFAULT).setWorkflowId(scheduleId).build()).fire(run);
  }
}
