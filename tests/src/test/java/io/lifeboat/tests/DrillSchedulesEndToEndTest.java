package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.Duration;
import io.lifeboat.config.DrillsConfig;
import io.lifeboat.config.FilesTargetConfig;
import io.lifeboat.config.PostgresClusterTargetConfig;
import io.lifeboat.config.PostgresTargetConfig;
import io.lifeboat.config.RedisTargetConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.worker.SearchAttributeRegistration;
import io.lifeboat.worker.schedules.ScheduleSync;
import io.lifeboat.workflows.drill.DrillRequest;
import io.lifeboat.workflows.drill.DrillWorkflow;
import io.lifeboat.workflows.schedule.ScheduledRunWorkflowImpl;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drill schedules on the real Temporal server: with drills enabled, a sync makes one Schedule per
 * drillable target (none for a target that opted out or a cluster) and one per drilled runbook,
 * each every its interval; triggered, one starts a DrillWorkflow under the drill's id; disabled,
 * they are deleted. The worker here hosts only the scheduled run: the drill it starts is left
 * waiting (its own tests run drills) and terminated at the end.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DrillSchedulesEndToEndTest {
  private static final String QUEUE = "lifeboat-drill-schedules";

  @Test
  void drillSchedulesAreMadeEveryTheirIntervalTriggeredIntoADrillAndDeletedWhenDrillsAreDisabled() throws Exception {
    SharedTemporal.requireRealServer();
    String namespace = SharedTemporal.newNamespace();
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget(SharedTemporal.server().target()).build());
    WorkerFactory workers = null;
    try {
      SearchAttributeRegistration.ensure(stubs, namespace);
      WorkflowClient client = WorkflowClient.newInstance(stubs,
          WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
      workers = WorkerFactory.newInstance(client);
      workers.newWorker(QUEUE).registerWorkflowImplementationTypes(ScheduledRunWorkflowImpl.class);
      workers.start();
      ScheduleSync sync = new ScheduleSync(client, QUEUE);
      Map<String, TargetConfig> targets = targets();
      DrillsConfig drills = drills();

      assertThat(sync.sync(targets, drills)).extracting(ScheduleSync.Outcome::scheduleId, ScheduleSync.Outcome::change)
          .containsExactly(Tuple.tuple("schedule:drill:cache", "CREATED"), Tuple.tuple("schedule:drill:orders", "CREATED"),
              Tuple.tuple("schedule:drill-runbook:full-system-restore", "CREATED"));
      ScheduleClient schedules = ScheduleClient.newInstance(stubs,
          ScheduleClientOptions.newBuilder().setNamespace(namespace).build());
      assertThat(every(schedules, "schedule:drill:orders")).isEqualTo(java.time.Duration.ofDays(90));
      assertThat(every(schedules, "schedule:drill:cache")).isEqualTo(java.time.Duration.ofDays(7));
      assertThat(every(schedules, "schedule:drill-runbook:full-system-restore")).isEqualTo(java.time.Duration.ofDays(30));
      List<ScheduleSync.Listed> listed = eventually(() -> sync.list(targets, drills), l -> l.size() == 3);
      assertThat(listed).extracting(ScheduleSync.Listed::scheduleId, ScheduleSync.Listed::detail).containsExactly(
          Tuple.tuple("schedule:drill-runbook:full-system-restore",
              "drill of runbook full-system-restore every 30d with {backup=latest}"),
          Tuple.tuple("schedule:drill:cache", "drill of target cache every 7d"),
          Tuple.tuple("schedule:drill:orders", "drill of target orders every 90d"));
      assertThat(listed).allSatisfy(s -> assertThat(s.nextRuns()).isNotEmpty());
      assertThat(sync.sync(targets, drills)).extracting(ScheduleSync.Outcome::change).containsOnly("UPDATED");

      sync.trigger("schedule:drill:orders");
      Instant triggered = Instant.now();
      List<WorkflowExecutionMetadata> started = eventually(
          () -> client.listExecutions("WorkflowType = 'DrillWorkflow'").toList(), found -> !found.isEmpty());
      assertThat(started).as("drills started by the triggered schedule").hasSize(1);
      WorkflowExecutionMetadata drill = started.get(0);
      String drillId = drill.getExecution().getWorkflowId();
      assertThat(drillId).matches("drill-\\d{8}-\\d{6}-orders");
      assertThat(DrillWorkflow.STAMP.parse(drillId.substring("drill-".length(), "drill-yyyyMMdd-HHmmss".length()),
          Instant::from)).as("the drill's id says when it started").isBetween(triggered.minusSeconds(60), triggered.plusSeconds(60));
      DrillRequest request = client.getOptions().getDataConverter().fromPayloads(0, Optional.of(client
              .fetchHistory(drillId).getHistory().getEvents(0).getWorkflowExecutionStartedEventAttributes().getInput()),
          DrillRequest.class, DrillRequest.class);
      assertThat(request).isEqualTo(new DrillRequest(null, "orders", Map.of(), "schedule:drill:orders",
          "scheduled (drill:orders)", false, null));
      WorkflowExecution scheduledRun = drill.getParentExecution();
      assertThat(scheduledRun.getWorkflowId()).as("the schedule's run, named by the schedule's id and its time")
          .startsWith("schedule:drill:orders-");
      terminate(client, drill.getExecution());
      terminate(client, scheduledRun);

      drills.setEnabled(false);
      assertThat(sync.sync(targets, drills)).extracting(ScheduleSync.Outcome::scheduleId, ScheduleSync.Outcome::change)
          .containsExactlyInAnyOrder(Tuple.tuple("schedule:drill:cache", "DELETED"),
              Tuple.tuple("schedule:drill:orders", "DELETED"),
              Tuple.tuple("schedule:drill-runbook:full-system-restore", "DELETED"));
    } finally {
      if (workers != null) {
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
      }
      stubs.shutdownNow();
    }
  }

  /** orders (the default interval), cache (its own), uploads (opted out), a cluster (not drillable yet). */
  private static Map<String, TargetConfig> targets() {
    Map<String, TargetConfig> targets = new LinkedHashMap<>();
    PostgresTargetConfig orders = new PostgresTargetConfig();
    orders.setDatabase("orders");
    targets.put("orders", orders);
    RedisTargetConfig cache = new RedisTargetConfig();
    cache.setDrill(drill(true, Duration.days(7)));
    targets.put("cache", cache);
    FilesTargetConfig uploads = new FilesTargetConfig();
    uploads.setDrill(drill(false, null));
    targets.put("uploads", uploads);
    targets.put("main-cluster", new PostgresClusterTargetConfig());
    return targets;
  }

  private static DrillsConfig.TargetDrill drill(boolean enabled, Duration every) {
    DrillsConfig.TargetDrill drill = new DrillsConfig.TargetDrill();
    drill.setEnabled(enabled);
    drill.setEvery(every);
    return drill;
  }

  private static DrillsConfig drills() {
    DrillsConfig drills = new DrillsConfig();
    drills.setEnabled(true);
    DrillsConfig.RunbookDrill monthly = new DrillsConfig.RunbookDrill();
    monthly.setEvery(Duration.days(30));
    monthly.setParameters(Map.of("backup", "latest"));
    DrillsConfig.RunbookDrill off = new DrillsConfig.RunbookDrill();
    off.setEnabled(false);
    Map<String, DrillsConfig.RunbookDrill> runbooks = new LinkedHashMap<>();
    runbooks.put("full-system-restore", monthly);
    runbooks.put("postgres-restore", off);
    drills.setRunbooks(runbooks);
    return drills;
  }

  private static java.time.Duration every(ScheduleClient schedules, String id) {
    List<ScheduleIntervalSpec> intervals = schedules.getHandle(id).describe().getSchedule().getSpec().getIntervals();
    assertThat(intervals).hasSize(1);
    return intervals.get(0).getEvery();
  }

  private static void terminate(WorkflowClient client, WorkflowExecution execution) {
    client.newUntypedWorkflowStub(execution.getWorkflowId()).terminate("end of test");
  }

  /** The value once it satisfies the condition: visibility (listings) follows a moment after. */
  private static <T> T eventually(Supplier<T> read, java.util.function.Predicate<T> done) throws Exception {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    T value = read.get();
    while (!done.test(value) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      value = read.get();
    }
    return value;
  }
}
