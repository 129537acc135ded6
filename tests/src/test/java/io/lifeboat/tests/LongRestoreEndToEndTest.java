package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.catalog.RunEntry;
import io.lifeboat.worker.demo.DatabaseFingerprint;
import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepState;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores that take long, on the real Temporal server: a row count that waits longer than the
 * heartbeat timeout keeps its first attempt alive by heartbeating, in a restore and in a
 * verification's test restore; a restore cancelled while pg_restore runs stops it, drops its
 * staging database and leaves the live one as it was.
 *
 * <p>Long without much data: a count waits on a lock this test takes on a restored table; the
 * cancelled pg_restore is slowed by a check constraint that sleeps for each row, outside the source
 * database only, so the setup stays quick.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class LongRestoreEndToEndTest {
  private static final String SHOP = "shop";
  private static final String CANCELLED = "cancelled";
  /** The table the counts wait on: counted late (tables are counted in name order), so the lock is first. */
  private static final String LOCKED_TABLE = "sales.orders";
  /** Longer than the heartbeat timeout: without heartbeats the attempt would time out and be retried. */
  private static final Duration LOCK_HELD = Duration.ofSeconds(20);
  /** Rows pg_restore inserts into the slow table at 5 ms each: 20 s, unless stopped. */
  private static final int SLOW_ROWS = 12000;

  @TempDir static Path dir;
  private LifeboatStack stack;
  private String shopBackupId;

  @BeforeAll
  void start() throws Exception {
    SharedTemporal.requireRealServer();
    // the verification case locks a table of the test restore's scratch database: it must be on a server seen here
    stack = LifeboatStack.withTestRestoresOnTheEmbeddedServer(dir, List.of(SHOP, CANCELLED));
    try (Connection db = stack.embedded.postgres().connect(SHOP)) {
      SampleDatabase.create(db, 1);
    }
    try (Connection db = stack.embedded.postgres().connect(CANCELLED); Statement s = db.createStatement()) {
      s.execute("""
          CREATE FUNCTION public.slow_outside_source(id integer) RETURNS boolean LANGUAGE plpgsql AS $$
          BEGIN
            IF current_database() <> '%s' THEN
              PERFORM pg_sleep(0.005);
            END IF;
            RETURN id > 0;
          END $$;
          CREATE TABLE public.slow_rows (id integer PRIMARY KEY CHECK (public.slow_outside_source(id)));
          INSERT INTO public.slow_rows SELECT generate_series(1, %d);
          """.formatted(CANCELLED, SLOW_ROWS));
    }
    shopBackupId = backup(SHOP);
  }

  @AfterAll
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aRestoreWhoseCountOutlastsTheHeartbeatTimeoutSucceedsInItsFirstAttempt() throws Exception {
    String into = "shop_restored";
    String workflowId = RestoreWorkflow.workflowId(SHOP, into);
    RestoreWorkflow restore = stack.workflow(RestoreWorkflow.class, workflowId);
    WorkflowClient.start(restore::restore, new RestoreRequest(SHOP, shopBackupId, into, false, null, "tester"));
    String staging = awaitDatabase(into + "__lifeboat_restore_", Duration.ofSeconds(30));

    try (RestoredTableLock lock = RestoredTableLock.take(stack, staging, LOCKED_TABLE, Duration.ofSeconds(30))) {
      long countWaiting = lock.awaitCountWaiting(Duration.ofSeconds(20));
      sleepUntil(countWaiting + ActivityDefaults.HEARTBEAT.plusSeconds(2).toNanos());
      assertFirstAttemptHeartbeating(workflowId, "Compare");
      sleepUntil(countWaiting + LOCK_HELD.toNanos());
    }
    RestoreResult restored = WorkflowStub.fromTyped(restore).getResult(30, TimeUnit.SECONDS, RestoreResult.class);

    assertThat(restored.destination()).contains(into);
    StepState compare = step(restore.progress(), "compare");
    assertThat(compare.status()).isEqualTo(StepState.Status.DONE);
    assertThat(compare.detail()).isEqualTo("5 tables equal the backup's");
    assertThat(Duration.between(compare.startedAt(), compare.endedAt())).isGreaterThanOrEqualTo(LOCK_HELD);
    assertRanOnce(workflowId, "Compare");
    assertThat(DatabaseFingerprint.of(stack.server(), into)).isEqualTo(DatabaseFingerprint.of(stack.server(), SHOP));
  }

  @Test
  void aVerificationWhoseCountOutlastsTheHeartbeatTimeoutPassesInItsFirstAttempt() throws Exception {
    String workflowId = VerifyWorkflow.workflowId(shopBackupId);
    VerifyWorkflow verify = stack.workflow(VerifyWorkflow.class, workflowId);
    WorkflowClient.start(verify::verify, new VerifyRequest(shopBackupId, true, "tester"));
    String scratch = "lifeboat_verify_" + shopBackupId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    awaitDatabase(scratch, Duration.ofSeconds(30));

    try (RestoredTableLock lock = RestoredTableLock.take(stack, scratch, LOCKED_TABLE, Duration.ofSeconds(30))) {
      long countWaiting = lock.awaitCountWaiting(Duration.ofSeconds(20));
      sleepUntil(countWaiting + ActivityDefaults.HEARTBEAT.plusSeconds(2).toNanos());
      assertFirstAttemptHeartbeating(workflowId, "TestRestore");
      sleepUntil(countWaiting + LOCK_HELD.toNanos());
    }
    VerifyResult verified = WorkflowStub.fromTyped(verify).getResult(30, TimeUnit.SECONDS, VerifyResult.class);

    assertThat(verified.testRestore().comparison().matches()).isTrue();
    assertThat(verified.testRestore().comparison().compared()).isEqualTo(5);
    StepState testRestore = step(verify.progress(), "test-restore");
    assertThat(testRestore.status()).isEqualTo(StepState.Status.DONE);
    assertThat(Duration.between(testRestore.startedAt(), testRestore.endedAt())).isGreaterThanOrEqualTo(LOCK_HELD);
    assertRanOnce(workflowId, "TestRestore");
    assertThat(stack.catalog.findBackup(shopBackupId)).get().satisfies(b -> assertThat(b.verifiedAt()).isNotNull());
    assertThat(stack.embedded.postgres().databaseExists(scratch)).isFalse();
  }

  @Test
  void aCancelledRestoreStopsPgRestoreDropsItsStagingDatabaseAndLeavesTheLiveOneAlone() throws Exception {
    String backupId = backup(CANCELLED);
    DatabaseFingerprint live = DatabaseFingerprint.of(stack.server(), CANCELLED);
    String workflowId = RestoreWorkflow.workflowId(CANCELLED, CANCELLED);
    RestoreWorkflow restore = stack.workflow(RestoreWorkflow.class, workflowId);
    WorkflowExecution execution = WorkflowClient.start(restore::restore,
        new RestoreRequest(CANCELLED, backupId, CANCELLED, true, null, "tester"));
    SecondPerson.approveWhenWaiting(restore, Duration.ofSeconds(45)); // it replaces the live database
    String staging = awaitCopyInto(CANCELLED + "__lifeboat_restore_", Duration.ofSeconds(45));
    assertThat(pgRestoresInto(staging)).as("pg_restore processes restoring into %s", staging).hasSize(1);

    WorkflowStub.fromTyped(restore).cancel();

    // Left alone, pg_restore would go on for SLOW_ROWS × 5 ms = 60 s. The run waits for the attempt
    // to stop (its cancellation arrives with the activity's next heartbeat, within 12 s) before it
    // drops the staging database, so nothing is created after the drop.
    awaitUntil(Duration.ofSeconds(30), "pg_restore to stop and " + staging + " to be dropped", () ->
        pgRestoresInto(staging).isEmpty() && sessionsIn(staging) == 0
            && !stack.embedded.postgres().databaseExists(staging));
    assertThatThrownBy(() -> WorkflowStub.fromTyped(restore).getResult(10, TimeUnit.SECONDS, RestoreResult.class))
        .isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
    assertThat(databasesStartingWith(CANCELLED + "__lifeboat_")).as("staging or set-aside databases left").isEmpty();
    assertThat(DatabaseFingerprint.of(stack.server(), CANCELLED)).isEqualTo(live);
    RunProgress progress = restore.progress();
    assertThat(progress.status()).isEqualTo("FAILED");
    assertThat(step(progress, "restore")).extracting(StepState::status, StepState::detail)
        .containsExactly(StepState.Status.FAILED, "cancelled");
    assertThat(step(progress, "swap-in").status()).isEqualTo(StepState.Status.PENDING);
    assertThat(stack.catalog.findRun(RunEntry.runId(workflowId, execution.getRunId()))).get()
        .satisfies(run -> {
          assertThat(run.status()).isEqualTo(RunEntry.Status.FAILED);
          assertThat(run.endedAt()).isNotNull();
          assertThat(run.error()).isEqualTo("cancelled");
        });
  }

  private String backup(String target) {
    return stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(target))
        .backup(new BackupRequest(target, "before a long restore", "tester")).backupId();
  }

  private static StepState step(RunProgress progress, String name) {
    return progress.steps().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no step " + name + " in " + progress));
  }

  /**
   * The activity is still in its first attempt, started and heartbeating what it waits on: it has
   * outlived the heartbeat timeout because Temporal heard from it.
   */
  private void assertFirstAttemptHeartbeating(String workflowId, String activityType) {
    PendingActivityInfo activity = stack.client().getWorkflowServiceStubs().blockingStub()
        .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(stack.config.getTemporal().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build())
        .getPendingActivitiesList().stream()
        .filter(a -> a.getActivityType().getName().equals(activityType)).findFirst()
        .orElseThrow(() -> new AssertionError(activityType + " is not running in " + workflowId));
    assertThat(activity.getState()).isEqualTo(PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
    assertThat(activity.getAttempt()).isEqualTo(1);
    // heartbeat details are encrypted like every payload: read through the client's data converter
    String detail = stack.client().getOptions().getDataConverter().fromPayloads(0,
        java.util.Optional.of(activity.getHeartbeatDetails()), String.class, String.class);
    assertThat(detail).contains("counting " + LOCKED_TABLE + " (running");
  }

  /** The activity ran once: its one start was its first attempt, and nothing in the run timed out. */
  private void assertRanOnce(String workflowId, String activityType) {
    List<HistoryEvent> events = stack.client().fetchHistory(workflowId).getEvents();
    Set<Long> scheduled = events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
            && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(activityType))
        .map(HistoryEvent::getEventId).collect(Collectors.toSet());
    List<Integer> attempts = events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
            && scheduled.contains(e.getActivityTaskStartedEventAttributes().getScheduledEventId()))
        .map(e -> e.getActivityTaskStartedEventAttributes().getAttempt()).toList();
    assertThat(scheduled).hasSize(1);
    assertThat(attempts).as("attempts of %s that Temporal recorded", activityType).containsExactly(1);
    assertThat(events).extracting(HistoryEvent::getEventType)
        .doesNotContain(EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED);
  }

  /** Waits for a database whose name is or starts with {@code name}; returns its full name. */
  private String awaitDatabase(String name, Duration timeout) throws Exception {
    return awaitPresent(timeout, "database " + name + "…", () -> databasesStartingWith(name).stream().findFirst());
  }

  /** Waits until a session copies rows into a database whose name starts with {@code prefix}; returns it. */
  private String awaitCopyInto(String prefix, Duration timeout) throws Exception {
    return awaitPresent(timeout, "a COPY into " + prefix + "…", () -> {
      try (Connection db = stack.embedded.postgres().connect("postgres");
          PreparedStatement ps = db.prepareStatement("SELECT datname FROM pg_stat_activity"
              + " WHERE starts_with(datname, ?) AND state = 'active' AND query LIKE 'COPY %'")) {
        ps.setString(1, prefix);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  private List<String> databasesStartingWith(String prefix) throws SQLException {
    try (Connection db = stack.embedded.postgres().connect("postgres");
        PreparedStatement ps = db.prepareStatement("SELECT datname FROM pg_database WHERE starts_with(datname, ?)")) {
      ps.setString(1, prefix);
      try (ResultSet rs = ps.executeQuery()) {
        List<String> names = new ArrayList<>();
        while (rs.next()) {
          names.add(rs.getString(1));
        }
        return names;
      }
    }
  }

  private int sessionsIn(String database) throws SQLException {
    try (Connection db = stack.embedded.postgres().connect("postgres");
        PreparedStatement ps = db.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The pg_restore processes the in-process worker runs into {@code database}. */
  private static List<ProcessHandle> pgRestoresInto(String database) {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().orElse("").endsWith("pg_restore")
            && Arrays.stream(p.info().arguments().orElse(new String[0]))
                .anyMatch(argument -> argument.startsWith("--dbname=") && argument.contains("'" + database + "'")))
        .toList();
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(Math.max(0, nanoTime - System.nanoTime()));
  }

  private static void awaitUntil(Duration timeout, String what, Callable<Boolean> condition) throws Exception {
    awaitPresent(timeout, what, () -> condition.call() ? Optional.of(true) : Optional.empty());
  }

  private static <T> T awaitPresent(Duration timeout, String what, OptionalCall<T> poll) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> found = poll.call();
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what);
      }
      Thread.sleep(20);
    }
  }

  private interface OptionalCall<T> {
    Optional<T> call() throws Exception;
  }

  /**
   * Another session's ACCESS EXCLUSIVE lock on a table of a database being restored, taken the
   * moment the restore commits. pg_restore runs in one transaction, so the tables appear all at
   * once, and the count starts a few milliseconds later: the lock is tried again and again, each
   * try in a transaction of its own (one transaction would keep not seeing the new tables), so
   * that it comes first. Closing releases it.
   */
  private static final class RestoredTableLock implements AutoCloseable {
    /** What trying to lock a table that is not there yet fails with: no such table, or no such schema. */
    private static final Set<String> NOT_THERE_YET = Set.of("42P01", "3F000");

    private final Connection session;
    private final String table;

    private RestoredTableLock(Connection session, String table) {
      this.session = session;
      this.table = table;
    }

    static RestoredTableLock take(LifeboatStack stack, String database, String table, Duration timeout)
        throws SQLException {
      Connection session = stack.embedded.postgres().connect(database);
      long deadline = System.nanoTime() + timeout.toNanos();
      try (Statement s = session.createStatement()) {
        session.setAutoCommit(false);
        while (true) {
          try {
            s.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            return new RestoredTableLock(session, table);
          } catch (SQLException notYet) {
            session.rollback();
            if (!NOT_THERE_YET.contains(notYet.getSQLState()) || System.nanoTime() > deadline) {
              throw notYet;
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        session.close();
        throw e;
      }
    }

    /** Waits until another session's query waits for this lock; returns when it was seen (System.nanoTime). */
    long awaitCountWaiting(Duration timeout) throws Exception {
      return awaitPresent(timeout, "a query waiting for the lock on " + table, () -> {
        try (PreparedStatement ps = session.prepareStatement("SELECT count(*) FROM pg_locks"
            + " WHERE database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND relation = ?::regclass AND NOT granted")) {
          ps.setString(1, table);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1) > 0 ? Optional.of(System.nanoTime()) : Optional.empty();
          }
        }
      });
    }

    @Override
    public void close() throws SQLException {
      try {
        session.rollback();
      } finally {
        session.close();
      }
    }
  }
}
