package io.lifeboat.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.restore.RestoreActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The swap of a restored database into place, on a real PostgreSQL: the live database is renamed
 * aside, never dropped first; a failure between the two renames puts it back; a swap-back undoes
 * a completed swap; the copy set aside goes only when asked.
 */
class DatabaseSwapTest {
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private EmbeddedPostgresFixture.Database maintenance;
  private PostgresTargets targets;
  private String live;

  @BeforeEach
  void databases() throws Exception {
    maintenance = EmbeddedPostgresFixture.newDatabase();
    live = EmbeddedPostgresFixture.newDatabase().name();
    execute(live, "CREATE TABLE orders (id int); INSERT INTO orders VALUES (1)");
    execute(maintenance.name(), "CREATE DATABASE " + live + "__lifeboat_restore");
    execute(live + "__lifeboat_restore", "CREATE TABLE orders (id int); INSERT INTO orders VALUES (1), (2)");
    PostgresServer server = new PostgresServer(maintenance.host(), maintenance.port(), EmbeddedPostgresFixture.USER,
        null, null);
    targets = new PostgresTargets(Map.of("shop", new PostgresTarget("shop", server, live, null, null)));
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void theRestoredDatabaseGoesInAndTheReplacedOneIsKeptUntilDropped() throws Exception {
    RestoreActivities swap = activities(null);

    try (Connection application = connect(live)) { // a session on the live database is ended, not waited for
      assertThat(swap.swapIn("shop", live + "__lifeboat_restore", live, live + "__lifeboat_old_1")).isTrue();
    }

    assertThat(orders(live)).isEqualTo(2);
    assertThat(orders(live + "__lifeboat_old_1")).as("the replaced database, kept").isEqualTo(1);
    assertThat(swap.swapIn("shop", live + "__lifeboat_restore", live, live + "__lifeboat_old_1"))
        .as("a retry: done already").isTrue();
    assertThat(orders(live)).isEqualTo(2);

    swap.dropRetired("shop", live + "__lifeboat_old_1");
    assertThat(exists(live + "__lifeboat_old_1")).isFalse();
    swap.dropRetired("shop", live + "__lifeboat_old_1"); // idempotent
  }

  @Test
  void aFailureBetweenTheTwoRenamesPutsTheLiveDatabaseBack() throws Exception {
    RestoreActivities swap = activities((connection, staging, database) -> {
      throw new SQLException("injected: the server went away between the two renames");
    });

    assertThatThrownBy(() -> swap.swapIn("shop", live + "__lifeboat_restore", live, live + "__lifeboat_old_1"))
        .isInstanceOf(ActivityFailure.class).hasStackTraceContaining("injected");

    assertThat(orders(live)).as("the live database, untouched under its own name").isEqualTo(1);
    assertThat(exists(live + "__lifeboat_old_1")).isFalse();
    assertThat(orders(live + "__lifeboat_restore")).as("the restored copy, still beside it").isEqualTo(2);
  }

  @Test
  void aRetryAfterTheFirstRenameFinishesTheSwap() throws Exception {
    execute(maintenance.name(), "ALTER DATABASE " + live + " RENAME TO " + live + "__lifeboat_old_1");

    assertThat(activities(null).swapIn("shop", live + "__lifeboat_restore", live, live + "__lifeboat_old_1")).isTrue();

    assertThat(orders(live)).isEqualTo(2);
    assertThat(orders(live + "__lifeboat_old_1")).isEqualTo(1);
  }

  @Test
  void aDatabaseThatDidNotExistIsSimplyRenamedIn() throws Exception {
    execute(maintenance.name(), "DROP DATABASE " + live);

    assertThat(activities(null).swapIn("shop", live + "__lifeboat_restore", live, live + "__lifeboat_old_1")).isFalse();

    assertThat(orders(live)).isEqualTo(2);
    assertThat(exists(live + "__lifeboat_old_1")).isFalse();
  }

  @Test
  void aSwapIsUndoneByPuttingTheReplacedDatabaseBack() throws Exception {
    RestoreActivities swap = activities(null);
    swap.swapIn("shop", live + "__lifeboat_restore", live, live + "__lifeboat_old_1");

    swap.swapBack("shop", live, live + "__lifeboat_old_1");

    assertThat(orders(live)).isEqualTo(1);
    assertThat(exists(live + "__lifeboat_old_1")).isFalse();
    swap.swapBack("shop", live, live + "__lifeboat_old_1"); // idempotent
    assertThat(orders(live)).isEqualTo(1);
  }

  private RestoreActivities activities(PostgresRestoreActivitiesImpl.RenameIn failing) {
    env.registerActivitiesImplementations(failing == null ? new PostgresRestoreActivitiesImpl(targets, null, null)
        : new PostgresRestoreActivitiesImpl(targets, null, null, failing));
    return env.newActivityStub(RestoreActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
  }

  private void execute(String database, String sql) throws SQLException {
    try (Connection c = connect(database); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private long orders(String database) throws SQLException {
    try (Connection c = connect(database); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT count(*) FROM orders")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private boolean exists(String database) throws SQLException {
    try (Connection c = connect(maintenance.name())) {
      return Databases.exists(c, database);
    }
  }

  private Connection connect(String database) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://" + maintenance.host() + ":" + maintenance.port() + "/"
        + database, EmbeddedPostgresFixture.USER, null);
  }
}
