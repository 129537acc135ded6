package io.lifeboat.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.sources.Comparison;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Counting a restored database over several connections gives exactly the counts of counting it
 * table after table on one connection, on a real PostgreSQL: same tables, same numbers, same
 * order, each table counted once.
 */
@Timeout(60)
class ParallelRowCountTest {
  private static final int TABLES = 20;

  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private EmbeddedPostgresFixture.Database database;
  private CountRowsActivity counting;

  @BeforeEach
  void database() throws SQLException {
    database = EmbeddedPostgresFixture.newDatabase();
    StringBuilder sql = new StringBuilder();
    for (int i = 1; i <= TABLES; i++) {
      sql.append(String.format("CREATE TABLE t%02d (id int); INSERT INTO t%02d SELECT generate_series(1, %d);",
          i, i, rows(i)));
    }
    sql.append("""
        CREATE SCHEMA tenant_a;
        CREATE TABLE tenant_a.orders (id int); INSERT INTO tenant_a.orders SELECT generate_series(1, 120);
        CREATE TABLE tenant_a."Order Lines" (id int); INSERT INTO tenant_a."Order Lines" SELECT generate_series(1, 345);
        CREATE TABLE tenant_a.empty (id int);
        SELECT lo_create(0); SELECT lo_create(0);
        """);
    execute(sql.toString());
    PostgresServer server = new PostgresServer(database.host(), database.port(), EmbeddedPostgresFixture.USER,
        null, null);
    env.registerActivitiesImplementations(new CountRowsActivity.Impl(server));
    counting = env.newActivityStub(CountRowsActivity.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1)).setHeartbeatTimeout(Duration.ofSeconds(10))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void countingInParallelGivesTheSequentialCounts() throws SQLException {
    Map<String, Long> sequential;
    try (Connection db = connect()) {
      sequential = RowCounts.count(db);
    }

    Map<String, Long> parallel = counting.countRows(database.name(), null, null, 4);

    assertThat(parallel).containsExactlyEntriesOf(sequential);
    for (int i = 1; i <= TABLES; i++) {
      assertThat(parallel).containsEntry(String.format("public.t%02d", i), (long) rows(i));
    }
    assertThat(parallel).containsEntry("tenant_a.\"Order Lines\"", 345L).containsEntry("tenant_a.empty", 0L)
        .containsEntry(RowCounts.LARGE_OBJECTS, 2L).hasSize(TABLES + 3 + 1);
    assertThat(RowCounts.differences(sequential, parallel)).isEmpty();
  }

  @Test
  void aSchemaIsCountedInParallelAsItIsSequentiallyKeyedAsTheBackupsSchema() throws SQLException {
    Map<String, Long> sequential;
    try (Connection db = connect()) {
      sequential = RowCounts.countSchema(db, "tenant_a", "tenant_b");
    }

    Map<String, Long> parallel = counting.countRows(database.name(), "tenant_a", "tenant_b", 2);

    assertThat(parallel).containsExactlyEntriesOf(sequential).containsExactlyInAnyOrderEntriesOf(Map.of(
        "tenant_b.\"Order Lines\"", 345L, "tenant_b.empty", 0L, "tenant_b.orders", 120L));
  }

  @Test
  void eachTableIsCountedOnce() throws Exception {
    Map<String, Long> scansBefore = sequentialScans();

    counting.countRows(database.name(), null, null, 4);

    awaitNoLifeboatSession(); // a session that ends has reported its scans
    Map<String, Long> scansAfter = sequentialScans();
    assertThat(scansAfter).hasSize(TABLES + 3);
    scansAfter.forEach((table, scans) ->
        assertThat(scans - scansBefore.get(table)).as("scans of %s", table).isEqualTo(1));
  }

  @Test
  void aComparisonComparesEveryTableOnEitherSideButNotTheLargeObjects() {
    Map<String, Long> backup = new LinkedHashMap<>(Map.of("public.a", 1L, "public.b", 2L, "public.gone", 3L,
        RowCounts.LARGE_OBJECTS, 0L));
    Map<String, Long> restored = Map.of("public.a", 1L, "public.b", 5L, "public.new", 0L, RowCounts.LARGE_OBJECTS, 0L);

    Comparison comparison = RowCounts.comparison(backup, restored);

    assertThat(comparison.unit()).isEqualTo("tables");
    assertThat(comparison.compared()).isEqualTo(4);
    assertThat(comparison.mismatches()).isEqualTo(RowCounts.differences(backup, restored)).containsExactly(
        "public.b: 2 rows in the backup, 5 after restore",
        "public.gone: missing after restore (3 rows in the backup)",
        "public.new: not in the backup but present after restore");
    assertThat(RowCounts.comparison(backup, backup).describe()).isEqualTo("3 tables equal the backup's");
  }

  private static int rows(int table) {
    return table * 37;
  }

  private Map<String, Long> sequentialScans() throws SQLException {
    Map<String, Long> scans = new LinkedHashMap<>();
    try (Connection db = connect(); Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT format('%I.%I', schemaname, relname), seq_scan FROM pg_stat_user_tables")) {
      while (rs.next()) {
        scans.put(rs.getString(1), rs.getLong(2));
      }
    }
    return scans;
  }

  private void awaitNoLifeboatSession() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try (Connection db = connect(); PreparedStatement ps = db.prepareStatement(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND application_name = 'lifeboat'")) {
      ps.setString(1, database.name());
      while (true) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return;
          }
        }
        assertThat(System.nanoTime()).as("the counting sessions end").isLessThan(deadline);
        Thread.sleep(50);
      }
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection db = connect(); Statement s = db.createStatement()) {
      s.execute(sql);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://" + database.host() + ":" + database.port() + "/"
        + database.name(), EmbeddedPostgresFixture.USER, null);
  }
}
