package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.runbooks.RunbookParser;
import io.lifeboat.testing.PrivateHaproxy;
import io.lifeboat.testing.PrivateHaproxy.HealthChecks;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.runbook.Decision;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookProgress.Status;
import io.lifeboat.workflows.runbook.RunbookRequest;
import io.lifeboat.workflows.runbook.RunbookStepState;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.lifeboat.workflows.runbook.SignalRecord;
import io.lifeboat.worker.embedded.EmbeddedPostgres15;
import io.lifeboat.worker.embedded.FreePorts;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full-system recovery with real components: a small HTTP application serving rows of a private
 * PostgreSQL database, behind a real haproxy (Debian's package) with an admin socket; the
 * Temporal test server over gRPC, S3Proxy and a Lifeboat worker running the runbook with its real
 * activities. Nothing is faked.
 */
class RunbookRecoveryTest {
  private static final String TARGET = "shop";

  @TempDir static Path dir;
  private static LifeboatStack stack;
  private static ShopApplication app;
  private static HttpServer oldSite;
  private static PrivateHaproxy haproxy;
  private static Path migrations;

  @BeforeAll
  static void start() throws Exception {
    stack = LifeboatStack.start(dir, List.of(TARGET), true);
    try (Connection db = stack.embedded.postgres().connect(TARGET)) {
      db.createStatement().execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)");
      db.createStatement().execute("INSERT INTO items VALUES (1, 'restored-widget'), (2, 'restored-gadget')");
    }
    app = new ShopApplication(stack.embedded.postgres().jdbcUrl(TARGET), EmbeddedPostgres15.USER, FreePorts.any());
    oldSite = ShopApplication.fixed("old site: down for maintenance\n");
    haproxy = PrivateHaproxy.start(dir.resolve("haproxy"), "old", oldSite.getAddress().getPort(), "new", app.port(),
        HealthChecks.NONE);
    migrations = Files.createDirectories(dir.resolve("migrations"));
    Files.writeString(migrations.resolve("001_price.sql"),
        "ALTER TABLE items ADD COLUMN price int; UPDATE items SET price = 42;");
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {haproxy, app, () -> oldSite.stop(0), stack}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @BeforeEach
  void oldSiteServesAndTheAppRuns() throws Exception {
    haproxy.reset();
    app.start();
  }

  private String runbook(String name, String healthBody, String extraFirstStep) {
    String services = "with: {provider: http, services: [shop], start: \"%s\", stop: \"%s\", status: \"%s\"}"
        .formatted(app.controlUrl("start"), app.controlUrl("stop"), app.controlUrl("status"));
    return """
        name: %s
        description: Restore the shop database and send traffic to the restored application.
        objectives:
          rto: 15m
        parameters:
          backup: latest
          incident_at: now
        steps:
        %s
          - name: identify backup
            type: fetch
            with: {target: shop, backup: "${params.backup}"}
            timeout: 1m
          - name: stop application
            type: stop-services
            %s
            timeout: 30s
          - name: safety backup
            type: safety-backup
            with: {target: shop}
            timeout: 2m
          - name: restore database
            type: restore
            with: {target: shop, database: shop}
            timeout: 2m
          - name: run migrations
            type: migrate
            with: {database: "%s", user: postgres, files: ["%s"]}
            timeout: 1m
          - name: database consistent
            type: health-check
            with: {sql: "%s", user: postgres, query: "select count(*) from items", expect: "2", within: 10s, every: 200ms}
            timeout: 30s
          - name: switch traffic
            type: redirect-traffic
            with: {provider: haproxy, socket: "%s", backend: app, from: old, to: new}
            timeout: 30s
          - name: start application
            type: start-services
            %s
            timeout: 30s
          - name: application serves
            type: health-check
            with: {http: "http://127.0.0.1:%d/items", expect_body: "%s", within: 3s, every: 200ms}
            timeout: 30s
            retries: 0
        """.formatted(name, extraFirstStep, services, stack.embedded.postgres().jdbcUrl(TARGET), migrations,
        stack.embedded.postgres().jdbcUrl(TARGET), haproxy.socket(), services, haproxy.port(), healthBody);
  }

  private RunbookWorkflow start(String yaml, String startedBy) throws Exception {
    Runbook runbook = RunbookParser.parse("test.yaml", yaml);
    RunbookWorkflow run = stack.workflow(RunbookWorkflow.class,
        RunbookWorkflow.workflowId(runbook.name(), UUID.randomUUID().toString().substring(0, 8)));
    WorkflowClient.start(run::run, new RunbookRequest(runbook, Map.of(), startedBy));
    return run;
  }

  private static RunbookProgress awaitProgress(RunbookWorkflow run, Predicate<RunbookProgress> until)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    RunbookProgress progress = run.progress();
    while (!until.test(progress) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      progress = run.progress();
    }
    assertThat(until.test(progress)).as("progress never got there: %s", progress).isTrue();
    return progress;
  }

  @Test
  void restoresTheDatabaseMigratesAndSwitchesTrafficToTheRestoredApplication() throws Exception {
    stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(TARGET)).backup(
        new BackupRequest(TARGET, "before the incident", "test"));
    try (Connection db = stack.embedded.postgres().connect(TARGET)) {
      db.createStatement().execute("UPDATE items SET name = 'corrupted'");
    }
    assertThat(haproxy.get("/items")).startsWith("old site");

    RunbookWorkflow run = start(runbook("shop-restore", "restored-widget 42", ""), "alice");
    RunbookProgress done = WorkflowStub.fromTyped(run).getResult(RunbookProgress.class);

    assertThat(done.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(done.steps()).extracting(RunbookStepState::state).containsOnly(RunbookStepState.State.DONE);
    assertThat(haproxy.get("/items")).isEqualTo("1 restored-widget 42\n2 restored-gadget 42\n");
    assertThat(haproxy.state("old")).isEqualTo("MAINT");
    assertThat(haproxy.state("new")).isEqualTo("READY");
    assertThat(done.measures().achievedRto()).isPositive();
    assertThat(done.measures().achievedRpo()).isPositive();
    assertThat(done.measures().rtoMet()).isTrue();
    RunEntry recorded = stack.catalog.findRun(RunEntry.runId(done.workflowId(),
        WorkflowStub.fromTyped(run).getExecution().getRunId())).orElseThrow();
    assertThat(recorded.type()).isEqualTo(RunEntry.Type.RUNBOOK);
    assertThat(recorded.status()).isEqualTo(RunEntry.Status.COMPLETED);
    assertThat(recorded.achievedRto()).isEqualTo(done.measures().achievedRto());
    assertThat(recorded.rtoObjective()).isEqualTo(Duration.ofMinutes(15));
    assertThat(step(done, "safety backup").detail()).startsWith("safety backup ");
  }

  @Test
  void aFailingHealthCheckSendsTrafficBackAndStartsTheApplicationAgain() throws Exception {
    stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(TARGET)).backup(
        new BackupRequest(TARGET, "before the incident", "test"));
    RunbookWorkflow run = start(runbook("shop-restore-fails", "never-served", ""), "alice");

    WorkflowFailedException failed = catchThrowableOfType(WorkflowFailedException.class,
        () -> WorkflowStub.fromTyped(run).getResult(RunbookProgress.class));

    assertThat(failed).isNotNull();
    assertThat(((ApplicationFailure) failed.getCause()).getType()).isEqualTo(RunbookWorkflow.STEP_FAILED);
    RunbookProgress undone = run.progress();
    assertThat(undone.status()).isEqualTo(Status.FAILED);
    assertThat(step(undone, "switch traffic").compensation()).startsWith("traffic sent back");
    assertThat(step(undone, "stop application").compensation()).startsWith("started again");
    assertThat(haproxy.state("old")).isEqualTo("READY");
    assertThat(haproxy.state("new")).isEqualTo("MAINT");
    assertThat(haproxy.get("/items")).startsWith("old site");
    assertThat(app.running()).isTrue();
  }

  @Test
  void theStarterCannotApproveAndAnUnansweredApprovalAbortsCleanly() throws Exception {
    String approval = """
          - name: approval
            type: approve
            with: {message: "restore the shop?"}
            timeout: 3s
        """;
    RunbookWorkflow run = start(runbook("shop-restore-gated", "restored-widget", approval), "alice");
    awaitProgress(run, p -> p.status() == Status.WAITING);

    run.approve(Decision.of("alice", "my own run, approved"));
    SignalRecord refused = awaitProgress(run, p -> !p.signals().isEmpty()).signals().get(0);
    WorkflowFailedException failed = catchThrowableOfType(WorkflowFailedException.class,
        () -> WorkflowStub.fromTyped(run).getResult(RunbookProgress.class));

    assertThat(refused.accepted()).isFalse();
    assertThat(refused.note()).contains("four-eyes");
    assertThat(((ApplicationFailure) failed.getCause()).getType()).isEqualTo(RunbookWorkflow.APPROVAL_TIMED_OUT);
    RunbookProgress ended = run.progress();
    assertThat(ended.status()).isEqualTo(Status.FAILED);
    assertThat(step(ended, "stop application").state()).isEqualTo(RunbookStepState.State.PENDING);
    assertThat(app.running()).isTrue();
    assertThat(haproxy.get("/items")).startsWith("old site");
  }

  private static RunbookStepState step(RunbookProgress progress, String name) {
    return progress.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
