package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.StatusRuntimeException;
import io.lifeboat.runbooks.RunbookParser;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookRequest;
import io.lifeboat.workflows.runbook.RunbookStepState;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
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
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process killed (SIGKILL) in the middle of a backup, and in the middle of a recovery
 * runbook: another worker takes the activity over after its heartbeat times out, and the workflow
 * completes with one backup, not two, and the runbook with every step done once.
 *
 * <p>The killed and replacing processes run the activities only; workflow tasks stay with a worker
 * in this JVM: this is the split deployment (workflow workers apart from activity workers near the
 * databases). {@link ServerCrashTest} kills the process that hosts both.
 */
class WorkerCrashTest {
  @TempDir Path dir;
  private final List<Process> workers = new ArrayList<>();

  @Test
  void aKilledWorkerIsReplacedAndTheBackupCompletesOnce() throws Exception {
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of("crash"), LifeboatWorker.Role.WORKFLOWS)) {
      try (Connection db = stack.embedded.postgres().connect("crash")) {
        SampleDatabase.create(db, 2);
      }
      Process doomed = startWorkerProcess(stack, "doomed");
      Process replacement;
      try (Connection locker = stack.embedded.postgres().connect("crash")) {
        // pg_dump waits for this lock, so the backup is caught in the middle, deterministically.
        locker.setAutoCommit(false);
        try (Statement s = locker.createStatement()) {
          s.execute("LOCK TABLE sales.orders IN ACCESS EXCLUSIVE MODE");
        }
        BackupWorkflow backup = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("crash"));
        WorkflowClient.start(backup::backup, new BackupRequest("crash", "crash test", "tester"));
        awaitDumpRunning(stack, BackupWorkflow.workflowId("crash"), doomed, Duration.ofSeconds(120));

        doomed.destroyForcibly().waitFor();
        replacement = startWorkerProcess(stack, "replacement");
        locker.rollback();
      }

      WorkflowStub run = stack.client().newUntypedWorkflowStub(BackupWorkflow.workflowId("crash"));
      BackupResult result;
      try {
        result = run.getResult(2, TimeUnit.MINUTES, BackupResult.class);
      } catch (TimeoutException e) {
        throw new AssertionError("the backup did not complete after its worker was killed: "
            + describe(stack, BackupWorkflow.workflowId("crash")).getPendingActivitiesList() + " history: "
            + stack.client().fetchHistory(BackupWorkflow.workflowId("crash")).getEvents().stream()
                .map(ev -> ev.getEventType().name().replace("EVENT_TYPE_", "")).toList()
            + "\nreplacement's log:\n" + Files.readString(dir.resolve("replacement-worker.log")), e);
      } finally {
        replacement.destroy();
      }

      List<String> manifests = stack.worker.backups().manifestKeys().stream()
          .filter(k -> k.contains("/crash/")).toList();
      assertThat(manifests).containsExactly(result.manifestKey());
      assertThat(stack.catalog.listBackups("crash", 10)).hasSize(1);
      assertThat(dumpAttempts(stack, BackupWorkflow.workflowId("crash"))).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aWorkerKilledMidRunbookIsReplacedAndTheRecoveryCompletes() throws Exception {
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of("shop"), LifeboatWorker.Role.WORKFLOWS)) {
      try (Connection db = stack.embedded.postgres().connect("shop")) {
        SampleDatabase.create(db, 2);
      }
      Process first = startWorkerProcess(stack, "first");
      BackupWorkflow backup = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("shop"));
      String backupId = backup.backup(new BackupRequest("shop", "before the incident", "tester")).backupId();
      try (Connection db = stack.embedded.postgres().connect("shop"); Statement s = db.createStatement()) {
        s.execute("DELETE FROM sales.orders"); // the incident
      }
      Path services = dir.resolve("services.log");
      RunbookWorkflow run = stack.workflow(RunbookWorkflow.class, RunbookWorkflow.workflowId("shop-crash", "1"));
      String safetyBackupId = BackupWorkflow.workflowId("shop") + ":safety:" + RunbookWorkflow.workflowId("shop-crash", "1");
      Process replacement;
      try (Connection locker = stack.embedded.postgres().connect("shop")) {
        // the safety backup's pg_dump waits for this lock, so the runbook is caught in that step
        locker.setAutoCommit(false);
        try (Statement s = locker.createStatement()) {
          s.execute("LOCK TABLE sales.orders IN ACCESS EXCLUSIVE MODE");
        }
        WorkflowClient.start(run::run, new RunbookRequest(
            RunbookParser.parse("shop-crash.yaml", crashRunbook(stack, services)), Map.of(), "alice"));
        awaitDumpRunning(stack, safetyBackupId, first, Duration.ofSeconds(120));

        first.destroyForcibly().waitFor();
        replacement = startWorkerProcess(stack, "second");
        locker.rollback();
      }

      RunbookProgress done;
      try {
        done = WorkflowStub.fromTyped(run).getResult(3, TimeUnit.MINUTES, RunbookProgress.class);
      } finally {
        replacement.destroy();
      }

      assertThat(done.status()).isEqualTo(RunbookProgress.Status.SUCCEEDED);
      assertThat(done.steps()).allSatisfy(step -> assertThat(step.state()).isEqualTo(RunbookStepState.State.DONE));
      assertThat(done.steps().get(3).detail()).contains("backup " + backupId + " restored into database shop of target shop");
      assertThat(dumpAttempts(stack, safetyBackupId)).as("the safety dump ran again on the second worker")
          .isGreaterThanOrEqualTo(2);
      assertThat(stack.catalog.listBackups("shop", 10)).as("the first backup and one safety backup")
          .extracting(b -> b.kind()).containsExactlyInAnyOrder("pg-dump", "pg-safety");
      assertThat(stack.catalog.latestBackup("shop", "pg-dump")).as("what a restore of latest picks: not the safety copy")
          .hasValueSatisfying(b -> assertThat(b.backupId()).isEqualTo(backupId));
      assertThat(Files.readAllLines(services)).containsExactly("stop shop", "start shop");
      try (Connection db = stack.embedded.postgres().connect("shop"); Statement s = db.createStatement();
          ResultSet rows = s.executeQuery("SELECT count(*) FROM sales.orders")) {
        rows.next();
        assertThat(rows.getLong(1)).as("orders restored").isPositive();
      }
    }
  }

  private static String crashRunbook(LifeboatStack stack, Path services) {
    return """
        name: shop-crash
        description: Restore the shop database while its worker is lost.
        objectives:
          rto: 15m
        steps:
          - name: identify backup
            type: fetch
            with: {target: shop, backup: latest}
          - name: stop application
            type: stop-services
            with: {provider: command, services: [shop], stop: "echo stop {service} >> %1$s", start: "echo start {service} >> %1$s"}
          - name: safety backup
            type: safety-backup
            with: {target: shop}
            timeout: 3m
          - name: restore database
            type: restore
            with: {target: shop, database: shop}
            timeout: 3m
          - name: orders are back
            type: health-check
            with: {sql: "%2$s", user: postgres, query: "select count(*) > 0 from sales.orders", expect: "t", within: 10s}
            timeout: 30s
          - name: start application
            type: start-services
            with: {provider: command, services: [shop], stop: "echo stop {service} >> %1$s", start: "echo start {service} >> %1$s"}
        """.formatted(services, stack.embedded.postgres().jdbcUrl("shop"));
  }

  /** Worker processes a failed test would otherwise leave running. */
  @AfterEach
  void killWorkerProcesses() {
    workers.forEach(Process::destroyForcibly);
  }

  private Process startWorkerProcess(LifeboatStack stack, String name) throws Exception {
    Process worker = LifeboatProcess.builder("256m", "worker", stack.embedded.configFile().toString(),
        "--role", "ACTIVITIES").redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + "-worker.log").toFile()).start();
    workers.add(worker);
    return worker;
  }

  private static DescribeWorkflowExecutionResponse describe(LifeboatStack stack, String workflowId) {
    return stack.client().getWorkflowServiceStubs().blockingStub()
        .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(stack.config.getTemporal().getNamespace())
            .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .build());
  }

  /** Waits until the backup running as {@code workflowId} is dumping, on {@code worker}. */
  private void awaitDumpRunning(LifeboatStack stack, String workflowId, Process worker, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      DescribeWorkflowExecutionResponse described;
      try {
        described = describe(stack, workflowId);
      } catch (StatusRuntimeException notStartedYet) {
        Thread.sleep(200);
        continue;
      }
      boolean dumping = described.getPendingActivitiesList().stream().anyMatch(a ->
          a.getActivityType().getName().equals("Backup")
              && a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
      if (dumping) {
        Thread.sleep(1000); // let pg_dump start and block on the lock
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the backup's dump never started on the doomed worker (alive: " + worker.isAlive()
        + "); its log:\n" + Files.readString(dir.resolve("doomed-worker.log")));
  }

  /** The attempt that completed the dump (Temporal records only the last attempt's start). */
  private static int dumpAttempts(LifeboatStack stack, String workflowId) {
    return stack.client().fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .mapToInt(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
        .max().orElse(0);
  }
}
