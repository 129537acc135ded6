package io.lifeboat.activities.hooks;

import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.checks.HttpCall;
import io.lifeboat.activities.checks.SqlCall;
import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.activities.services.ShellCommand;
import io.lifeboat.workflows.backup.HookOutcome;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one hook to its end or its timeout and says how it went; a failing hook is an outcome, never
 * an exception. Each kind is stopped its own way when Temporal ends the attempt: a command is
 * killed with what it started, an HTTP request abandoned, a query cancelled on the server.
 */
final class HookRunner {
  private static final int KEPT_OUTPUT = 1_000;

  private final HttpClient http;

  HookRunner(HttpClient http) {
    this.http = http;
  }

  /** Runs {@code hook}, the {@code which} ("before", "after") hook of {@code target}. */
  HookOutcome run(Hook hook, String target, String which, Heartbeat heartbeat) {
    long started = System.nanoTime();
    Ended ended;
    if (hook instanceof Hook.Command command) {
      ended = command(command, target, which, heartbeat);
    } else if (hook instanceof Hook.Http request) {
      ended = http(request, heartbeat);
    } else {
      ended = sql((Hook.Sql) hook, heartbeat);
    }
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    return new HookOutcome(hook.type(), ended.succeeded, ended.result, millis, tail(ended.output));
  }

  private record Ended(boolean succeeded, String result, String output) {}

  /**
   * What a command finds in its environment besides PATH, HOME and the locale: what its
   * configuration names, and which target and hook it runs for; nothing else of the worker's, which
   * holds keys.
   */
  static Map<String, String> environment(Hook.Command command, String target, String which) {
    Map<String, String> environment = new HashMap<>(command.environment());
    environment.put("LIFEBOAT_TARGET", target);
    environment.put("LIFEBOAT_HOOK", which);
    return environment;
  }

  private Ended command(Hook.Command command, String target, String which, Heartbeat heartbeat) {
    CommandOutput done;
    try (Interruptible waiting = new Interruptible()) {
      heartbeat.onStop(waiting::interrupt);
      done = ShellCommand.run(command.argv(), environment(command, target, which), command.timeout(),
          "the " + which + " hook's command");
    }
    return new Ended(done.succeeded(), "exited " + done.exitCode(), done.output());
  }

  private Ended http(Hook.Http request, Heartbeat heartbeat) {
    try (Interruptible waiting = new Interruptible()) {
      heartbeat.onStop(waiting::interrupt);
      HttpCall.Answer answer = HttpCall.send(http, request.method(), request.url(), request.headers(),
          request.timeout());
      boolean expected = answer.status() == request.expectStatus();
      return new Ended(expected, "answered HTTP " + answer.status()
          + (expected ? "" : ", expected " + request.expectStatus()), expected ? "" : answer.bodyStart());
    } catch (IOException e) {
      // the JDK's messages here (connection refused, request timed out) carry no URL, which may hold a token
      return new Ended(false, "got no answer", e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      return new Ended(false, "was stopped", "the run's attempt ended while waiting for the answer");
    }
  }

  private Ended sql(Hook.Sql sql, Heartbeat heartbeat) {
    AtomicReference<Statement> running = new AtomicReference<>();
    heartbeat.onStop(() -> cancel(running.get()));
    try (Connection connection = sql.server().connect(sql.database())) {
      String value = SqlCall.firstValue(connection, sql.sql(), sql.timeout(), running::set);
      return new Ended(true, "completed", value == null ? "" : "returned " + value);
    } catch (ApplicationFailure unreachable) {
      return new Ended(false, "could not connect", unreachable.getOriginalMessage());
    } catch (SQLException e) {
      boolean cancelled = "57014".equals(e.getSQLState());
      return new Ended(false, cancelled ? "was cancelled (timeout " + sql.timeout().toSeconds() + "s)" : "failed",
          (e.getSQLState() == null ? "" : "SQLSTATE " + e.getSQLState() + ": ") + e.getMessage());
    } finally {
      running.set(null);
    }
  }

  private static void cancel(Statement statement) {
    if (statement == null) {
      return;
    }
    try {
      statement.cancel();
    } catch (SQLException e) {
      // it ended meanwhile: nothing left to stop
    }
  }

  private static String tail(String text) {
    String stripped = text.strip();
    return stripped.length() <= KEPT_OUTPUT ? stripped : "…" + stripped.substring(stripped.length() - KEPT_OUTPUT);
  }

  /**
   * Lets the heartbeat's thread interrupt the activity's while a hook waits, and never after: an
   * interrupt arriving late would hit the next activity on the worker's thread.
   */
  private static final class Interruptible implements AutoCloseable {
    private final Thread waiting = Thread.currentThread();
    private boolean open = true;

    synchronized void interrupt() {
      if (open) {
        waiting.interrupt();
      }
    }

    @Override
    public synchronized void close() {
      open = false;
      Thread.interrupted();
    }
  }
}
