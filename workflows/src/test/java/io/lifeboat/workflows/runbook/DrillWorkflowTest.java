package io.lifeboat.workflows.runbook;

import static io.lifeboat.workflows.runbook.TestRunbooks.approve;
import static io.lifeboat.workflows.runbook.TestRunbooks.fetch;
import static io.lifeboat.workflows.runbook.TestRunbooks.notifyStep;
import static io.lifeboat.workflows.runbook.TestRunbooks.redirectTraffic;
import static io.lifeboat.workflows.runbook.TestRunbooks.restore;
import static io.lifeboat.workflows.runbook.TestRunbooks.startServices;
import static io.lifeboat.workflows.runbook.TestRunbooks.stopServices;
import static io.lifeboat.workflows.runbook.TestRunbooks.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.workflows.drill.DrillReport;
import io.lifeboat.workflows.drill.DrillRequest;
import io.lifeboat.workflows.drill.DrillResult;
import io.lifeboat.workflows.drill.DrillWorkflow;
import io.lifeboat.workflows.drill.DrillWorkflowImpl;
import io.lifeboat.workflows.restore.RestoreWorkflowImpl;
import io.lifeboat.workflows.testing.RunAttributesForTests;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A drill in the test server: isolated, measured, reported, always torn down. */
@Timeout(60)
class DrillWorkflowTest {
  static final String HISTORY = "histories/drill.json";

  /** A site recovery: approval, services, traffic, notification and a restore with a check behind it. */
  static final Runbook SITE = new Runbook("site", "a runbook for drills", new Objectives(Duration.ofMinutes(30), null),
      List.of(new Parameter("db", "host:port of the standby PostgreSQL server", "standby-db:5432",
              "${scratch.postgres.address}"),
          new Parameter("target", "the target", "orders"),
          new Parameter(Parameter.INCIDENT_AT, "when", "now")),
      List.of(
          approve("approval", Duration.ofHours(1)),
          notifyStep("announce"),
          fetch("identify backup"),
          stopServices("stop application", "app.service"),
          Stage.single(restore("restore orders", "orders")),
          Stage.single(step("orders answers", StepType.HEALTH_CHECK,
              Map.of("sql", "jdbc:postgresql://${params.db}/orders", "query", "select 1", "expect", "1"), Map.of(),
              OnFailure.COMPENSATE)),
          redirectTraffic("redirect traffic"),
          startServices("start application", "app.service")));

  /** The same with a health check on a production host no parameter maps: it cannot be isolated. */
  static final Runbook LEAKY = new Runbook("leaky", "reaches production", new Objectives(Duration.ofMinutes(30), null),
      List.of(),
      List.of(Stage.single(restore("restore orders", "orders")),
          Stage.single(step("app answers", StepType.HEALTH_CHECK, Map.of("http", "http://app.prod:8080/health"),
              Map.of(), OnFailure.COMPENSATE))));

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = RunAttributesForTests.register(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(DrillWorkflowImpl.class, RunbookWorkflowImpl.class, FakeBackupWorkflow.class,
          RestoreWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  @Test
  void rehearsesInScratchOnlyAndReportsWhatARecoveryWouldAchieve(TestWorkflowEnvironment env, Worker worker) {
    FakeRecoverySite site = recentBackups(env);
    FakeDrillSite drills = new FakeDrillSite(SITE, Map.of("orders", "postgres"));
    worker.registerActivitiesImplementations(site, drills);
    env.start();

    String drillId = DrillWorkflow.drillId("site", Instant.parse("2026-12-04T20:00:00Z"));
    DrillResult result = start(env.getWorkflowClient(), worker, drillId).drill(
        new DrillRequest(SITE.name(), null, Map.of(), "alice", "quarterly rehearsal", false, null));

    DrillReport report = result.report();
    assertThat(report.passed()).as(report.verdict()).isTrue();
    assertThat(site.journal).noneMatch(call -> call.startsWith("stopServices") || call.startsWith("startServices")
        || call.startsWith("redirectTraffic") || call.startsWith("sendNotification") || call.startsWith("safetyBackup"));
    assertThat(site.restoredOnto).containsExactly("drill/" + drillId + "/postgres");
    assertThat(site.journal).contains("healthCheck jdbc:postgresql://127.0.0.1:41000/orders");
    assertThat(report.steps()).extracting(DrillReport.Step::name, DrillReport.Step::state).contains(
        org.assertj.core.groups.Tuple.tuple("stop application", "recorded"),
        org.assertj.core.groups.Tuple.tuple("redirect traffic", "recorded"),
        org.assertj.core.groups.Tuple.tuple("approval", "done"),
        org.assertj.core.groups.Tuple.tuple("restore orders", "done"));
    assertThat(report.steps()).filteredOn(s -> s.name().equals("redirect traffic")).singleElement()
        .satisfies(s -> assertThat(s.detail()).isEqualTo("drill: would switch app from old to new (haproxy /run/haproxy.sock)"));
    assertThat(report.targets()).singleElement().satisfies(t -> {
      assertThat(t.backupId()).isEqualTo("b-orders");
      assertThat(t.achievedRpoMillis()).isBetween(Duration.ofMinutes(10).toMillis(), Duration.ofMinutes(11).toMillis());
      assertThat(t.rpoMet()).isTrue();
    });
    assertThat(report.rtoMet()).isTrue();
    assertThat(report.checks()).extracting(DrillReport.Check::what).containsExactly("row counts", "health check");
    assertThat(drills.journal).containsExactly("plan site", "prepare [postgres]", "tearDown " + drillId,
        "store " + drillId);
    assertThat(site.verified).containsExactly("b-orders");
  }

  @Test
  void refusesARunbookThatReachesProductionBeforeCreatingAnything(TestWorkflowEnvironment env, Worker worker) {
    FakeRecoverySite site = new FakeRecoverySite();
    FakeDrillSite drills = new FakeDrillSite(LEAKY, Map.of("orders", "postgres"));
    worker.registerActivitiesImplementations(site, drills);
    env.start();

    String drillId = DrillWorkflow.drillId("leaky", Instant.parse("2026-12-04T20:00:00Z"));
    assertThatThrownBy(() -> start(env.getWorkflowClient(), worker, drillId)
        .drill(new DrillRequest(LEAKY.name(), null, Map.of(), "alice", null, false, null)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause().isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("step 'app answers' would reach app.prod:8080, which this drill did not create")
        .hasMessageContaining("nothing was created");
    assertThat(drills.journal).containsExactly("plan leaky");
    assertThat(site.journal).isEmpty();
  }

  @Test
  void aFailedRestoreFailsTheDrillAfterTearingDownAndReporting(TestWorkflowEnvironment env, Worker worker) {
    FakeRecoverySite site = new FakeRecoverySite().failing("restoreInto", 10);
    FakeDrillSite drills = new FakeDrillSite(SITE, Map.of("orders", "postgres"));
    worker.registerActivitiesImplementations(site, drills);
    env.start();

    String drillId = DrillWorkflow.drillId("site", Instant.parse("2026-12-04T21:00:00Z"));
    assertThatThrownBy(() -> start(env.getWorkflowClient(), worker, drillId)
        .drill(new DrillRequest(SITE.name(), null, Map.of(), "alice", null, false, null)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause().hasMessageContaining("restoreInto broke (fake)");
    assertThat(drills.journal).containsExactly("plan site", "prepare [postgres]", "tearDown " + drillId,
        "store " + drillId);
    DrillReport report = drills.stored.get(0);
    assertThat(report.passed()).isFalse();
    assertThat(report.verdict()).contains("restore orders").contains("restoreInto broke (fake)");
    assertThat(site.verified).isEmpty();
  }

  @Test
  void keptScratchIsNotTornDownAndTheReportSaysHowTo(TestWorkflowEnvironment env, Worker worker) {
    FakeRecoverySite site = new FakeRecoverySite();
    FakeDrillSite drills = new FakeDrillSite(SITE, Map.of("orders", "postgres"));
    worker.registerActivitiesImplementations(site, drills);
    env.start();

    String drillId = DrillWorkflow.drillId("site", Instant.parse("2026-12-04T22:00:00Z"));
    try {
      start(env.getWorkflowClient(), worker, drillId)
          .drill(new DrillRequest(SITE.name(), null, Map.of(), "alice", null, true, null));
    } catch (WorkflowFailedException missedRpo) {
      // the fake's recovery point is old: the verdict is not what this test is about
    }
    assertThat(drills.journal).doesNotContain("tearDown " + drillId);
    assertThat(drills.stored.get(0).teardown()).contains("lifeboat drill teardown " + drillId);
  }

  @Test
  void replaysARecordedDrill() throws Exception {
    String drillId = DrillWorkflow.drillId("site", Instant.parse("2026-12-04T23:00:00Z"));
    try (var json = DrillWorkflowTest.class.getClassLoader().getResourceAsStream(HISTORY)) {
      WorkflowReplayer.replayWorkflowExecution(
          WorkflowExecutionHistory.fromJson(new String(json.readAllBytes(), StandardCharsets.UTF_8), drillId),
          DrillWorkflowImpl.class);
    }
  }

  /** Backups taken ten minutes before the drill: within the fake targets' hour of RPO. */
  private static FakeRecoverySite recentBackups(TestWorkflowEnvironment env) {
    FakeRecoverySite site = new FakeRecoverySite();
    site.recoveryPoint = Instant.ofEpochMilli(env.currentTimeMillis()).minus(Duration.ofMinutes(10));
    return site;
  }

  private static DrillWorkflow start(WorkflowClient client, Worker worker, String drillId) {
    return client.newWorkflowStub(DrillWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(worker.getTaskQueue())
        .setWorkflowId(drillId)
        .build());
  }

  @Test
  @EnabledIfSystemProperty(named = "lifeboat.recordHistories", matches = "true")
  void recordHistory(TestWorkflowEnvironment env, Worker worker) throws Exception {
    FakeRecoverySite site = recentBackups(env);
    FakeDrillSite drills = new FakeDrillSite(SITE, Map.of("orders", "postgres"));
    worker.registerActivitiesImplementations(site, drills);
    env.start();
    String drillId = DrillWorkflow.drillId("site", Instant.parse("2026-12-04T23:00:00Z"));
    DrillWorkflow drill = start(env.getWorkflowClient(), worker, drillId);
    drill.drill(new DrillRequest(SITE.name(), null, Map.of(), "alice", null, false, null));
    Path file = Path.of("src/test/resources", HISTORY);
    Files.writeString(file, env.getWorkflowClient().fetchHistory(drillId).toJson(true));
  }
}
