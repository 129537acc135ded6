package io.lifeboat.activities.postgres;

import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.workflows.sources.Comparison;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;

/**
 * Exact row counts of every user table (and the number of large objects). Taken inside the
 * backup's snapshot they go into the manifest; taken after a restore they prove it complete.
 */
public final class RowCounts {
  static final String LARGE_OBJECTS = "(large objects)";

  /**
   * Connections a count after a restore uses at once: enough to keep a few disks busy, few enough
   * to leave the server to its applications.
   */
  public static final int DEFAULT_CONNECTIONS = 4;

  private static final String TABLES = """
      SELECT format('%I.%I', n.nspname, c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r'
         AND n.nspname NOT IN ('pg_catalog', 'information_schema')
         AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
       ORDER BY 1""";

  private static final String SCHEMA_TABLES = "SELECT format('%I.%I', ?, c.relname),"
      + " format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
      + " WHERE c.relkind = 'r' AND n.nspname = ? ORDER BY 1";

  private RowCounts() {}

  /** {@link #countHeartbeating(PostgresServer, String, String, String, int)}, keyed by the schema's own name. */
  static Map<String, Long> countHeartbeating(PostgresServer server, String database, String schema) {
    return countHeartbeating(server, database, schema, schema, DEFAULT_CONNECTIONS);
  }

  /**
   * The row counts of {@code database} (or of one schema of it, keyed as if it were named {@code
   * keyedAs}), the same as {@link #count} and {@link #countSchema} give, counted by up to {@code
   * connections} tables at once, each on its own connection. Called from an activity: it
   * heartbeats which tables are counted and which one is being counted and for how long, since
   * the exact counts of a large database take longer than a heartbeat timeout. An attempt that
   * Temporal ends (cancelled, timed out) cancels its queries on the server, closes its connections
   * and throws why.
   */
  public static Map<String, Long> countHeartbeating(PostgresServer server, String database, String schema,
      String keyedAs, int connections) {
    if (connections < 1) {
      throw new IllegalArgumentException("row counting needs at least one connection, not " + connections);
    }
    Counting counting = new Counting(server, database, connections);
    try (Heartbeat heartbeat = Heartbeat.start("count-" + database, counting::progress)) {
      heartbeat.onStop(counting::stop);
      try {
        return counting.run(schema, keyedAs == null ? schema : keyedAs);
      } catch (SQLException e) {
        heartbeat.throwIfStopped();
        throw new IllegalStateException("cannot count rows in " + database + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        heartbeat.throwIfStopped();
        throw e;
      }
    }
  }

  public static Map<String, Long> count(Connection connection) throws SQLException {
    return countEach(connection, relations(connection, null, null));
  }

  /**
   * Exact row counts of the tables of one schema, keyed as if the schema were named {@code
   * keyedAs}: a tenant restored under another name compares with its backup's counts. Large
   * objects belong to no schema, and a schema dump leaves them out.
   */
  public static Map<String, Long> countSchema(Connection connection, String schema, String keyedAs)
      throws SQLException {
    return countEach(connection, relations(connection, schema, keyedAs));
  }

  /** Number of user tables, without counting rows. */
  public static int tables(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return (int) single(statement, "SELECT count(*) FROM (" + TABLES + ") t");
    }
  }

  /** One line per difference between what the backup recorded and what a database holds. */
  public static List<String> differences(Map<String, Long> expected, Map<String, Long> actual) {
    List<String> problems = new ArrayList<>();
    for (String table : union(expected, actual)) {
      Long want = expected.get(table);
      Long got = actual.get(table);
      if (want == null) {
        problems.add(table + ": not in the backup but present after restore");
      } else if (got == null) {
        problems.add(table + ": missing after restore (" + want + " rows in the backup)");
      } else if (!want.equals(got)) {
        problems.add(table + ": " + want + " rows in the backup, " + got + " after restore");
      }
    }
    return problems;
  }

  /**
   * The counts a database holds compared with those its backup recorded: every table either side
   * is compared (the large objects are no table), and each {@link #differences} is a mismatch.
   */
  public static Comparison comparison(Map<String, Long> expected, Map<String, Long> actual) {
    Set<String> tables = union(expected, actual);
    tables.remove(LARGE_OBJECTS);
    return new Comparison("tables", tables.size(), differences(expected, actual));
  }

  private static Set<String> union(Map<String, Long> a, Map<String, Long> b) {
    Set<String> all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    return all;
  }

  /**
   * What to count, in the order counts are listed: each table's name in the counts, and the
   * relation counted for it. The whole database adds its large objects.
   */
  private static Map<String, String> relations(Connection connection, String schema, String keyedAs)
      throws SQLException {
    Map<String, String> relations = new LinkedHashMap<>();
    if (schema == null) {
      try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(TABLES)) {
        while (rs.next()) {
          relations.put(rs.getString(1), rs.getString(1));
        }
      }
      relations.put(LARGE_OBJECTS, "pg_largeobject_metadata");
      return relations;
    }
    try (PreparedStatement ps = connection.prepareStatement(SCHEMA_TABLES)) {
      ps.setString(1, keyedAs);
      ps.setString(2, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          relations.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return relations;
  }

  private static Map<String, Long> countEach(Connection connection, Map<String, String> relations)
      throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement()) {
      for (Map.Entry<String, String> relation : relations.entrySet()) {
        counts.put(relation.getKey(), countRows(statement, relation.getValue()));
      }
    }
    return counts;
  }

  private static long countRows(Statement statement, String relation) throws SQLException {
    return single(statement, "SELECT count(*) FROM " + relation);
  }

  private static long single(Statement statement, String sql) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * One count over a few connections: worker threads take the next table until none is left, each
   * on its own connection. Stopping cancels the queries on the server, again until the workers are
   * gone (a cancel that reaches a connection between two queries does nothing), then closes the
   * connections under any worker that still hangs.
   */
  private static final class Counting {
    private static final long POLL_MILLIS = 100;
    private static final long CANCEL_AGAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long ABORT_AFTER_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long GIVE_UP_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final PostgresServer server;
    private final String database;
    private final int connections;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Long> counted = new ConcurrentHashMap<>();
    /** The tables being counted, with when (System.nanoTime) their count started. */
    private final Map<String, Long> running = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    /** Each table's name in the counts and the relation counted; null while they are listed. */
    private volatile List<Map.Entry<String, String>> tables;
    private volatile String lastCounted;
    private volatile boolean stopping;

    Counting(PostgresServer server, String database, int connections) {
      this.server = server;
      this.database = database;
      this.connections = connections;
    }

    Map<String, Long> run(String schema, String keyedAs) throws SQLException {
      try (Connection db = connect()) {
        try {
          tables = List.copyOf(relations(db, schema, keyedAs).entrySet());
        } finally {
          open.remove(db);
        }
      }
      int workers = Math.min(connections, tables.size());
      if (workers > 0 && !stopping) {
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
          Thread t = new Thread(r, "count-" + database + "-" + number.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
        try {
          for (int i = 0; i < workers; i++) {
            pool.execute(this::work);
          }
          pool.shutdown();
          awaitWorkers(pool);
        } finally {
          pool.shutdownNow();
        }
      }
      Exception failed = failure.get();
      if (failed instanceof SQLException sql) {
        throw sql;
      } else if (failed != null) {
        throw (RuntimeException) failed;
      } else if (stopping) {
        throw new IllegalStateException("counting rows in " + database + " was stopped");
      }
      Map<String, Long> counts = new LinkedHashMap<>();
      for (Map.Entry<String, String> relation : tables) {
        counts.put(relation.getKey(), counted.get(relation.getKey()));
      }
      return counts;
    }

    /** Counts tables on one connection until none is left, or the count stops. */
    private void work() {
      try (Connection db = connect(); Statement statement = db.createStatement()) {
        try {
          int index;
          while (!stopping && (index = next.getAndIncrement()) < tables.size()) {
            String table = tables.get(index).getKey();
            running.put(table, System.nanoTime());
            long rows = countRows(statement, tables.get(index).getValue());
            running.remove(table);
            counted.put(table, rows);
            lastCounted = table + " " + rows + " rows";
          }
        } finally {
          open.remove(db);
        }
      } catch (SQLException | RuntimeException e) {
        if (!stopping) { // once stopping, the cancelled queries fail: that is no news
          failure.compareAndSet(null, e);
          stop();
        }
      }
    }

    private Connection connect() {
      Connection db = server.connect(database);
      open.add(db);
      if (stopping) { // stopped while connecting: the stop did not see this connection
        open.remove(db);
        close(db);
        throw new IllegalStateException("counting rows in " + database + " was stopped");
      }
      return db;
    }

    /** Stops the count: no further table is started, the running queries are cancelled. */
    void stop() {
      stopping = true;
      cancelQueries();
    }

    /** Waits for the workers; once stopping, cancels again until they are gone, or gives up on them. */
    private void awaitWorkers(ExecutorService pool) {
      boolean interrupted = false;
      Long stoppingSince = null;
      long cancelledAt = 0;
      while (true) {
        try {
          if (pool.awaitTermination(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true; // the worker is shutting down: stop, and still wait for the queries to end
          stop();
        }
        if (!stopping) {
          continue;
        }
        long now = System.nanoTime();
        if (stoppingSince == null) {
          stoppingSince = now;
          cancelledAt = now;
        } else if (now - stoppingSince > GIVE_UP_AFTER_NANOS) {
          break; // the daemon threads end when their closed sockets fail
        } else if (now - stoppingSince > ABORT_AFTER_NANOS) {
          open.forEach(Counting::close);
        } else if (now - cancelledAt > CANCEL_AGAIN_NANOS) {
          cancelQueries();
          cancelledAt = now;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private void cancelQueries() {
      for (Connection db : open) {
        try {
          db.unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException e) {
          // closed meanwhile, or the server is unreachable: then the connection is closed under it
        }
      }
    }

    private static void close(Connection db) {
      try {
        db.abort(Runnable::run);
      } catch (SQLException closed) {
        // nothing left to stop
      }
    }

    /** "counted 12/40 tables: public.orders 1200000 rows; counting public.big (running 14 s)". */
    String progress() {
      List<Map.Entry<String, String>> listed = tables;
      if (listed == null) {
        return "listing the tables of " + database;
      }
      StringBuilder line = new StringBuilder("counted " + counted.size() + "/" + listed.size() + " tables");
      String last = lastCounted;
      if (last != null) {
        line.append(": ").append(last);
      }
      long now = System.nanoTime();
      running.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
          .forEach(table -> line.append("; counting ").append(table.getKey()).append(" (running ")
              .append(TimeUnit.NANOSECONDS.toSeconds(now - table.getValue())).append(" s)"));
      return line.toString();
    }
  }
}
