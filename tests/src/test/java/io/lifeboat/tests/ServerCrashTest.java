package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.StatusRuntimeException;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.api.wire.StartRestore;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.runbooks.RunbookParser;
import io.lifeboat.worker.demo.DatabaseFingerprint;
import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookRequest;
import io.lifeboat.workflows.runbook.RunbookStepState;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifeboat server} (API, workflows and activities in one process) killed with SIGKILL in
 * the middle of a restore, a backup and a runbook, then started again: on the real Temporal server
 * the dead process's cached workflows go back to the shared queue, its activities time out and are
 * retried, and each run completes once, with nothing left behind.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ServerCrashTest {
  @TempDir Path dir;
  private final List<Process> servers = new ArrayList<>();

  @BeforeEach
  void needsTheRealServer() throws Exception {
    SharedTemporal.requireRealServer();
  }

  @AfterEach
  void killServers() {
    servers.forEach(Process::destroyForcibly);
  }

  @Test
  void aServerKilledMidRestoreIsStartedAgainAndTheRestoredDataIsIdentical() throws Exception {
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of("shop"), false)) {
      try (Connection db = stack.embedded.postgres().connect("shop")) {
        SampleDatabase.create(db, 250);
      }
      DatabaseFingerprint original = DatabaseFingerprint.of(stack.server(), "shop");
      Process first = startServer(stack, "first");
      LifeboatClient api = api(stack, "tester");
      RunReference backup = api.startBackup("shop", "before the crash");
      String backupId = result(stack, backup, BackupResult.class).backupId();

      RunReference restore = api.startRestore(new StartRestore("shop", backupId, "shop_restored", false, null));
      awaitActivity(stack, restore.workflowId(), "RestoreStaged", Duration.ofMinutes(2));
      Thread.sleep(3000); // pg_restore is writing into the staging database
      assertThat(databases(stack, d -> d.contains("__lifeboat_restore_"))).as("caught in the middle").isNotEmpty();
      first.destroyForcibly().waitFor();

      startServer(stack, "second");
      RestoreResult restored = result(stack, restore, RestoreResult.class);

      assertThat(restored.backupId()).isEqualTo(backupId);
      assertThat(attempts(stack, restore.workflowId(), "RestoreStaged")).as("the staged restore ran again").isGreaterThanOrEqualTo(2);
      assertThat(DatabaseFingerprint.of(stack.server(), "shop_restored")).isEqualTo(original);
      assertThat(databases(stack, d -> d.contains("lifeboat_restore"))).as("no staging database left").isEmpty();
      assertThat(runsOf(stack, restore.workflowId())).extracting(RunEntry::status)
          .containsExactly(RunEntry.Status.COMPLETED);
    }
  }

  @Test
  void aServerKilledMidBackupIsStartedAgainAndTheBackupIsStoredOnce() throws Exception {
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of("crash"), false)) {
      try (Connection db = stack.embedded.postgres().connect("crash")) {
        SampleDatabase.create(db, 2);
      }
      Process first = startServer(stack, "first");
      RunReference backup;
      try (Connection locker = stack.embedded.postgres().connect("crash")) {
        // pg_dump waits for this lock, so the backup is caught in the middle, deterministically
        locker.setAutoCommit(false);
        try (Statement s = locker.createStatement()) {
          s.execute("LOCK TABLE sales.orders IN ACCESS EXCLUSIVE MODE");
        }
        backup = api(stack, "tester").startBackup("crash", "crash test");
        awaitActivity(stack, backup.workflowId(), "Backup", Duration.ofMinutes(2));
        first.destroyForcibly().waitFor();
        locker.rollback();
      }

      startServer(stack, "second");
      BackupResult result = result(stack, backup, BackupResult.class);

      assertThat(stack.worker.backups().manifestKeys().stream().filter(k -> k.contains("/crash/")))
          .containsExactly(result.manifestKey());
      assertThat(stack.catalog.listBackups("crash", 10)).hasSize(1);
      assertThat(attempts(stack, backup.workflowId(), "Backup")).isGreaterThanOrEqualTo(2);
      assertThat(runsOf(stack, backup.workflowId())).extracting(RunEntry::status)
          .containsExactly(RunEntry.Status.COMPLETED);
    }
  }

  @Test
  void aRunbookSurvivesAKillWhileWaitingForApprovalAndAnotherAfterIt() throws Exception {
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of("shop"), false)) {
      try (Connection db = stack.embedded.postgres().connect("shop")) {
        SampleDatabase.create(db, 20);
      }
      Process first = startServer(stack, "first");
      String backupId = result(stack, api(stack, "alice").startBackup("shop", "before the incident"),
          BackupResult.class).backupId();
      DatabaseFingerprint beforeIncident = DatabaseFingerprint.of(stack.server(), "shop");
      try (Connection db = stack.embedded.postgres().connect("shop"); Statement s = db.createStatement()) {
        s.execute("DELETE FROM sales.orders"); // the incident
      }

      String workflowId = RunbookWorkflow.workflowId("shop-crash", "1");
      RunbookWorkflow runbook = stack.workflow(RunbookWorkflow.class, workflowId);
      WorkflowExecution execution = WorkflowClient.start(runbook::run, new RunbookRequest(
          RunbookParser.parse("shop-crash.yaml", crashRunbook(stack)), Map.of(), "alice"));
      String runId = RunEntry.runId(workflowId, execution.getRunId());
      awaitProgress(runbook, p -> p.status() == RunbookProgress.Status.WAITING, Duration.ofMinutes(1));
      first.destroyForcibly().waitFor(); // killed while the run waits for approval

      Process second = startServer(stack, "second");
      api(stack, "bob").signalRunbook("shop-crash", runId, "approve", "checked with on-call", null);
      // the restore step runs the restore workflow as its child
      awaitActivity(stack, workflowId + ":restore:restore database", "RestoreStaged", Duration.ofMinutes(2));
      second.destroyForcibly().waitFor(); // and again after the approval, during the restore

      startServer(stack, "third");
      RunbookProgress done = WorkflowStub.fromTyped(runbook).getResult(8, TimeUnit.MINUTES, RunbookProgress.class);

      assertThat(done.status()).isEqualTo(RunbookProgress.Status.SUCCEEDED);
      assertThat(done.steps()).allSatisfy(step -> assertThat(step.state()).isEqualTo(RunbookStepState.State.DONE));
      assertThat(done.signals()).filteredOn(s -> s.accepted()).extracting(s -> s.decision().by())
          .containsExactly("bob");
      assertThat(done.steps().get(2).detail()).contains("backup " + backupId + " restored into database shop of target shop");
      assertThat(DatabaseFingerprint.of(stack.server(), "shop")).isEqualTo(beforeIncident);
      assertThat(databases(stack, d -> d.contains("lifeboat_restore") || d.contains("lifeboat_old")))
          .as("no staging database left, and the replaced one dropped once the run succeeded").isEmpty();
    }
  }

  private static String crashRunbook(LifeboatStack stack) {
    return """
        name: shop-crash
        description: Restore the shop database while Lifeboat's own server is lost, twice.
        objectives:
          rto: 15m
        steps:
          - name: approve the restore
            type: approve
            with: {message: "restore shop from its latest backup?"}
            timeout: 10m
          - name: safety backup
            type: safety-backup
            with: {target: shop}
            timeout: 3m
          - name: restore database
            type: restore
            with: {target: shop, database: shop}
            timeout: 5m
          - name: orders are back
            type: health-check
            with: {sql: "%s", user: postgres, query: "select count(*) > 0 from sales.orders", expect: "t", within: 10s}
            timeout: 30s
        """.formatted(stack.embedded.postgres().jdbcUrl("shop"));
  }

  /** Starts {@code lifeboat server} on the stack's configuration and waits until its API answers. */
  private Process startServer(LifeboatStack stack, String name) throws Exception {
    Path log = dir.resolve(name + "-server.log");
    Process server = LifeboatProcess.builder("512m", "server", stack.embedded.configFile().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    servers.add(server);
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      try {
        api(stack, "probe").targets();
        return server;
      } catch (RuntimeException notYet) {
        if (!server.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("lifeboat server " + name + " did not come up; its log:\n" + Files.readString(log),
              notYet);
        }
        Thread.sleep(250);
      }
    }
  }

  private static LifeboatClient api(LifeboatStack stack, String user) {
    return new LifeboatClient(URI.create(stack.embedded.apiUrl()), user);
  }

  private static <T> T result(LifeboatStack stack, RunReference run, Class<T> type) throws Exception {
    String temporalRunId = run.runId().substring(run.workflowId().length() + 1);
    return stack.client().newUntypedWorkflowStub(run.workflowId(), java.util.Optional.of(temporalRunId),
        java.util.Optional.empty()).getResult(5, TimeUnit.MINUTES, type);
  }

  private static void awaitActivity(LifeboatStack stack, String workflowId, String activity, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object seen = "nothing";
    while (System.nanoTime() < deadline) {
      try {
        DescribeWorkflowExecutionResponse described = stack.client().getWorkflowServiceStubs().blockingStub()
            .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(stack.config.getTemporal().getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
        if (described.getPendingActivitiesList().stream().anyMatch(a -> a.getActivityType().getName().equals(activity)
            && a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED)) {
          Thread.sleep(1000);
          return;
        }
        seen = described.getPendingActivitiesList().stream().map(a -> a.getActivityType().getName() + " "
            + a.getState()).toList() + ", " + described.getWorkflowExecutionInfo().getStatus();
      } catch (StatusRuntimeException notStartedYet) {
        // the start has not reached the server yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError(activity + " never started in " + workflowId + "; last seen: " + seen);
  }

  private static void awaitProgress(RunbookWorkflow run, Predicate<RunbookProgress> wanted, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    RunbookProgress last = null;
    while (System.nanoTime() < deadline) {
      last = run.progress();
      if (wanted.test(last)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the runbook never reached the expected state; last: " + last);
  }

  /** The highest attempt of {@code activity} that started: 2 or more when it ran again. */
  private static int attempts(LifeboatStack stack, String workflowId, String activity) {
    List<io.temporal.api.history.v1.HistoryEvent> events = stack.client().fetchHistory(workflowId).getEvents();
    int most = 0;
    for (var event : events) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        long scheduledId = event.getActivityTaskStartedEventAttributes().getScheduledEventId();
        String type = events.stream().filter(e -> e.getEventId() == scheduledId).findFirst().orElseThrow()
            .getActivityTaskScheduledEventAttributes().getActivityType().getName();
        if (type.equals(activity)) {
          most = Math.max(most, event.getActivityTaskStartedEventAttributes().getAttempt());
        }
      }
    }
    return most;
  }

  private static List<RunEntry> runsOf(LifeboatStack stack, String workflowId) {
    return stack.catalog.listRuns(100).stream().filter(r -> r.runId().startsWith(workflowId + "/")).toList();
  }

  private static List<String> databases(LifeboatStack stack, Predicate<String> matching) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection db = stack.embedded.postgres().connect("postgres"); Statement s = db.createStatement();
        ResultSet rows = s.executeQuery("SELECT datname FROM pg_database")) {
      while (rows.next()) {
        if (matching.test(rows.getString(1))) {
          names.add(rows.getString(1));
        }
      }
    }
    return names;
  }
}
