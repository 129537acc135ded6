package io.lifeboat.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A count that takes long keeps its attempt alive and says where it is, and one that Temporal
 * cancels leaves nothing running on the server. The slow tables are real tables another session
 * holds locked: their counts wait on the server, as long as the test wants, like a count of a huge
 * table but without the data. Temporal's activity test environment records the heartbeats and
 * delivers the cancellation through them, as a server does.
 */
@Timeout(60)
class RowCountHeartbeatTest {
  private static final String COUNTS = "SELECT count(*) FROM pg_stat_activity WHERE datname = ?"
      + " AND application_name = 'lifeboat' AND query LIKE 'SELECT count(*) FROM %'";

  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private final List<Beat> beats = new CopyOnWriteArrayList<>();
  private EmbeddedPostgresFixture.Database database;
  private Connection blocker;

  record Beat(long nanos, String progress) {}

  @BeforeEach
  void database() throws SQLException {
    database = EmbeddedPostgresFixture.newDatabase();
    try (Connection db = connect(); Statement s = db.createStatement()) {
      for (String table : List.of("a", "b", "c", "big_1", "big_2", "big_3", "big_4")) {
        s.execute("CREATE TABLE " + table + " (id int); INSERT INTO " + table + " SELECT generate_series(1, 1000)");
      }
    }
    blocker = connect();
    blocker.setAutoCommit(false);
    env.setActivityHeartbeatListener(String.class, progress -> beats.add(new Beat(System.nanoTime(), progress)));
  }

  @AfterEach
  void close() throws SQLException {
    env.close();
    blocker.close();
  }

  @Test
  void aLongCountHeartbeatsWhichTableItCountsAndForHowLong() throws Exception {
    lock("big_1");
    long started = System.nanoTime();
    CompletableFuture<Map<String, Long>> attempt = count(4);
    awaitCountsOnTheServer(1);
    TimeUnit.NANOSECONDS.sleep(started + TimeUnit.SECONDS.toNanos(9) - System.nanoTime());
    blocker.rollback();

    Map<String, Long> counts = attempt.get(20, TimeUnit.SECONDS);

    assertThat(counts).containsEntry("public.big_1", 1000L).hasSize(8);
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < beats.size(); i++) {
      gaps.add(TimeUnit.NANOSECONDS.toMillis(beats.get(i).nanos() - beats.get(i - 1).nanos()));
    }
    assertThat(gaps).as("milliseconds between heartbeats").hasSizeGreaterThanOrEqualTo(2).allMatch(gap -> gap < 4500);
    Pattern waiting = Pattern.compile("counted 7/8 tables: .+ \\d+ rows; counting public\\.big_1 \\(running (\\d+) s\\)");
    List<Integer> running = beats.stream().map(b -> waiting.matcher(b.progress())).filter(Matcher::matches)
        .map(m -> Integer.parseInt(m.group(1))).toList();
    assertThat(running).as("the seconds the count of big_1 has run, as heartbeats said them (%s)", beats)
        .hasSizeGreaterThanOrEqualTo(2).isSorted().doesNotHaveDuplicates();
    assertThat(running.get(running.size() - 1)).isGreaterThanOrEqualTo(4);
  }

  @Test
  void aCancelledCountStopsItsQueriesOnTheServerAndClosesItsConnections() throws Exception {
    lock("big_1", "big_2", "big_3");
    CompletableFuture<Map<String, Long>> attempt = count(4);
    awaitCountsOnTheServer(3);

    long cancelled = System.nanoTime();
    env.requestCancelActivity();

    assertThatThrownBy(() -> attempt.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(CanceledFailure.class);
    long ended = System.nanoTime();
    assertThat(countsOnTheServer()).as("counts still running on the server").isZero();
    assertThat(TimeUnit.NANOSECONDS.toMillis(ended - cancelled))
        .as("milliseconds from the cancellation to the end of the attempt; Temporal tells it with the next heartbeat,"
            + " every 3 s").isLessThan(5000);
    awaitNoLifeboatSession();
  }

  @Test
  void noMoreTablesAreCountedAtOnceThanConnectionsAsked() throws Exception {
    lock("big_1", "big_2", "big_3", "big_4");
    CompletableFuture<Map<String, Long>> attempt = count(2);
    awaitCountsOnTheServer(2);
    Thread.sleep(1000);
    assertThat(countsOnTheServer()).isEqualTo(2);
    assertThat(lifeboatSessions()).isEqualTo(2);

    blocker.rollback();

    assertThat(attempt.get(20, TimeUnit.SECONDS)).hasSize(8).containsEntry("public.big_4", 1000L);
  }

  @Test
  void aTableThatCannotBeCountedFailsTheCountAndStopsTheOthersAtOnce() throws Exception {
    String user = "counter_" + database.name();
    execute("CREATE ROLE " + user + " LOGIN; GRANT SELECT ON a, b, big_1, big_2, big_3, big_4 TO " + user);
    lock("big_1");
    long started = System.nanoTime();

    assertThatThrownBy(() -> count(user, 4).get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(ActivityFailure.class)
        .hasStackTraceContaining("cannot count rows in " + database.name()).hasStackTraceContaining("table c");

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .as("milliseconds the failing count took, big_1 still locked").isLessThan(3000);
    assertThat(countsOnTheServer()).as("counts still running on the server").isZero();
    awaitNoLifeboatSession();
  }

  private CompletableFuture<Map<String, Long>> count(int connections) {
    return count(EmbeddedPostgresFixture.USER, connections);
  }

  /** Counts the test's database as {@code user}, with Temporal's test environment as the activity's worker. */
  private CompletableFuture<Map<String, Long>> count(String user, int connections) {
    env.registerActivitiesImplementations(new CountRowsActivity.Impl(
        new PostgresServer(database.host(), database.port(), user, null, null)));
    CountRowsActivity counting = env.newActivityStub(CountRowsActivity.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1)).setHeartbeatTimeout(Duration.ofSeconds(3))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
    return CompletableFuture.supplyAsync(() -> counting.countRows(database.name(), null, null, connections));
  }

  private void execute(String sql) throws SQLException {
    try (Connection db = connect(); Statement s = db.createStatement()) {
      s.execute(sql);
    }
  }

  private void lock(String... tables) throws SQLException {
    try (Statement s = blocker.createStatement()) {
      s.execute("LOCK TABLE " + String.join(", ", tables) + " IN ACCESS EXCLUSIVE MODE");
    }
  }

  private void awaitCountsOnTheServer(int counts) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (countsOnTheServer() < counts) {
      assertThat(System.nanoTime()).as("%d counts running", counts).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private void awaitNoLifeboatSession() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (lifeboatSessions() > 0) {
      assertThat(System.nanoTime()).as("the counting connections are closed").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private long countsOnTheServer() throws SQLException {
    return single(COUNTS + " AND state = 'active'");
  }

  private long lifeboatSessions() throws SQLException {
    return single("SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND application_name = 'lifeboat'");
  }

  private long single(String sql) throws SQLException {
    try (Connection db = connect(); PreparedStatement ps = db.prepareStatement(sql)) {
      ps.setString(1, database.name());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://" + database.host() + ":" + database.port() + "/"
        + database.name(), EmbeddedPostgresFixture.USER, null);
  }
}
