package io.lifeboat.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.activities.sources.SourceActivitiesImpl;
import io.lifeboat.activities.sources.SourceRegistry;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
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
import java.util.List;
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
  private static final String RUN = "run1";
  private static final Destination SHOP = new Destination(TargetRef.of("shop"), null);
  private String live;
  private String staging;
  private String old;
  private Staged staged;

  @BeforeEach
  void databases() throws Exception {
    maintenance = EmbeddedPostgresFixture.newDatabase();
    live = EmbeddedPostgresFixture.newDatabase().name();
    staging = live + "__lifeboat_restore_" + RUN;
    old = live + "__lifeboat_old_" + RUN;
    staged = new Staged(staging, "restored");
    execute(live, "CREATE TABLE orders (id int); INSERT INTO orders VALUES (1)");
    execute(maintenance.name(), "CREATE DATABASE " + staging);
    execute(staging, "CREATE TABLE orders (id int); INSERT INTO orders VALUES (1), (2)");
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
    SourceActivities swap = activities(null);

    try (Connection application = connect(live)) { // a session on the live database is ended, not waited for
      assertThat(swap.commit("b1", SHOP, staged, RUN).keptAs()).isEqualTo(old);
    }

    assertThat(orders(live)).isEqualTo(2);
    assertThat(orders(old)).as("the replaced database, kept").isEqualTo(1);
    assertThat(swap.commit("b1", SHOP, staged, RUN).keptAs()).as("a retry: done already").isEqualTo(old);
    assertThat(orders(live)).isEqualTo(2);

    swap.dropReplaced(SHOP, new Committed(old, ""));
    assertThat(exists(old)).isFalse();
    swap.dropReplaced(SHOP, new Committed(old, "")); // idempotent
  }

  @Test
  void aFailureBetweenTheTwoRenamesPutsTheLiveDatabaseBack() throws Exception {
    SourceActivities swap = activities((connection, staging, database) -> {
      throw new SQLException("injected: the server went away between the two renames");
    });

    assertThatThrownBy(() -> swap.commit("b1", SHOP, staged, RUN))
        .isInstanceOf(ActivityFailure.class).hasStackTraceContaining("injected");

    assertThat(orders(live)).as("the live database, untouched under its own name").isEqualTo(1);
    assertThat(exists(old)).isFalse();
    assertThat(orders(staging)).as("the restored copy, still beside it").isEqualTo(2);
  }

  @Test
  void aRetryAfterTheFirstRenameFinishesTheSwap() throws Exception {
    execute(maintenance.name(), "ALTER DATABASE " + live + " RENAME TO " + old);

    assertThat(activities(null).commit("b1", SHOP, staged, RUN).keptAs()).isEqualTo(old);

    assertThat(orders(live)).isEqualTo(2);
    assertThat(orders(old)).isEqualTo(1);
  }

  @Test
  void aDatabaseThatDidNotExistIsSimplyRenamedIn() throws Exception {
    execute(maintenance.name(), "DROP DATABASE " + live);

    assertThat(activities(null).commit("b1", SHOP, staged, RUN).replaced()).isFalse();

    assertThat(orders(live)).isEqualTo(2);
    assertThat(exists(old)).isFalse();
  }

  @Test
  void aSwapIsUndoneByPuttingTheReplacedDatabaseBack() throws Exception {
    SourceActivities swap = activities(null);
    swap.commit("b1", SHOP, staged, RUN);

    swap.rollback(SHOP, new Committed(old, ""));

    assertThat(orders(live)).isEqualTo(1);
    assertThat(exists(old)).isFalse();
    swap.rollback(SHOP, new Committed(old, "")); // idempotent
    assertThat(orders(live)).isEqualTo(1);
  }

  private SourceActivities activities(PostgresDatabaseSource.RenameIn failing) {
    PostgresDatabaseSource source = failing == null ? new PostgresDatabaseSource(targets, null, null, null)
        : new PostgresDatabaseSource(targets, null, null, null, failing);
    env.registerActivitiesImplementations(
        new SourceActivitiesImpl(new SourceRegistry(Map.of("shop", "postgres"), null, List.of(source))));
    return env.newActivityStub(SourceActivities.class, ActivityOptions.newBuilder()
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
