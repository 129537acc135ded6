package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.runbooks.RunbookLibrary;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookProgress.Status;
import io.lifeboat.workflows.runbook.RunbookRequest;
import io.lifeboat.workflows.runbook.RunbookStepState;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.lifeboat.workflows.runbook.Stage;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.worker.embedded.FreePorts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site is lost: the shipped {@code full-system-restore} runbook's restore stage (its steps as
 * shipped) puts the orders and accounts databases onto the standby PostgreSQL server — a second,
 * initdb'd PostgreSQL 15 declared under {@code destinations:} — with the real worker, Temporal
 * dev server and S3Proxy. The data is on the standby, the primary's databases are untouched, and a
 * restore onto the standby's now-populated database is refused without replace.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StandbyRestoreTest {
  @TempDir static Path dir;
  private static PrivateCluster standby;
  private static LifeboatStack stack;
  private static int gonePort;

  @BeforeAll
  static void start() throws Exception {
    standby = PrivateCluster.create(dir.resolve("standby"), List.of());
    standby.start();
    gonePort = FreePorts.any(); // nothing listens there: a standby that is down
    stack = LifeboatStack.withDestinations(dir.resolve("site"), List.of("orders", "accounts"), """
          standby: {kind: postgres, host: 127.0.0.1, port: %d, user: postgres}
          gone: {kind: postgres, host: 127.0.0.1, port: %d, user: lifeboat}
        """.formatted(standby.port, gonePort));
    execute("orders", "CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items"
        + " SELECT i, 'item ' || i FROM generate_series(1, 40) i");
    execute("accounts", "CREATE TABLE users (id int PRIMARY KEY, email text); INSERT INTO users"
        + " SELECT i, 'u' || i || '@example.com' FROM generate_series(1, 7) i");
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {stack, standby}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void theShippedRunbookRestoresEveryDatabaseOntoTheStandbyAndLeavesThePrimaryAlone() throws Exception {
    for (String target : List.of("orders", "accounts")) {
      stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(target))
          .backup(new BackupRequest(target, "before the incident", "test"));
    }
    execute("orders", "UPDATE items SET name = 'written on the primary after the backup'");
    Runbook shipped = RunbookLibrary.shippedOnly().load("full-system-restore").orElseThrow();
    Stage restores = shipped.stages().stream().filter(s -> s.name().equals("restore databases and data"))
        .findFirst().orElseThrow();
    Runbook restoreStage = new Runbook("standby-restore", shipped.description(), shipped.objectives(),
        shipped.parameters(), List.of(restores));

    RunbookWorkflow run = stack.workflow(RunbookWorkflow.class, RunbookWorkflow.workflowId("standby-restore", "t1"));
    RunbookProgress done = run.run(new RunbookRequest(restoreStage, Map.of(), "alice"));

    assertThat(done.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(done.steps()).extracting(RunbookStepState::state).containsOnly(RunbookStepState.State.DONE);
    assertThat(onStandby("orders", "SELECT count(*) FROM items WHERE name LIKE 'item %'")).isEqualTo(40);
    assertThat(onStandby("accounts", "SELECT count(*) FROM users")).isEqualTo(7);
    assertThat(onPrimary("orders", "SELECT count(*) FROM items WHERE name LIKE 'written on the primary%'"))
        .as("the primary's orders, untouched").isEqualTo(40);
    assertThat(onPrimary("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE '%\\_\\_lifeboat\\_%'"))
        .as("nothing staged on the primary").isZero();
    assertThat(onStandby("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE '%\\_\\_lifeboat\\_%'"))
        .as("nothing left beside on the standby").isZero();

    RestoreWorkflow again = stack.workflow(RestoreWorkflow.class, "restore:orders:orders@standby");
    assertThatThrownBy(() -> again.restore(new RestoreRequest(TargetRef.of("orders"), "latest", "orders", false,
        false, null, "test", null, false, "standby", false, false)))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.DESTINATION_NOT_EMPTY);
          assertThat(Failures.message(e.getCause())).startsWith("database orders of target orders on 127.0.0.1:"
              + standby.port + " holds data (1 tables, ");
        });
    assertThat(onStandby("orders", "SELECT count(*) FROM items")).isEqualTo(40);
  }

  @Test
  void aStandbyThatIsDownFailsTheRestoreNamingItAndChangesNothing() throws Exception {
    stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("accounts"))
        .backup(new BackupRequest("accounts", "before the incident", "test"));
    RestoreWorkflow restore = stack.workflow(RestoreWorkflow.class, "restore:accounts:accounts@gone");

    assertThatThrownBy(() -> restore.restore(new RestoreRequest(TargetRef.of("accounts"), "latest", null, true,
        false, null, "test", null, false, "gone", false, false)))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.DATABASE_UNREACHABLE);
          assertThat(Failures.message(e.getCause())).startsWith("cannot connect to PostgreSQL at 127.0.0.1:" + gonePort
              + " database postgres as lifeboat: ").endsWith(" — check that the server is running and destination"
              + " gone's host, port and credentials");
        });
    assertThat(onPrimary("accounts", "SELECT count(*) FROM users")).isEqualTo(7);
    assertThat(onPrimary("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE '%\\_\\_lifeboat\\_%'"))
        .isZero();
  }

  private static void execute(String database, String sql) throws SQLException {
    try (Connection db = stack.embedded.postgres().connect(database); Statement s = db.createStatement()) {
      s.execute(sql);
    }
  }

  private static long onPrimary(String database, String sql) throws SQLException {
    try (Connection db = stack.embedded.postgres().connect(database)) {
      return number(db, sql);
    }
  }

  private static long onStandby(String database, String sql) throws SQLException {
    try (Connection db = standby.connect(database)) {
      return number(db, sql);
    }
  }

  private static long number(Connection db, String sql) throws SQLException {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
