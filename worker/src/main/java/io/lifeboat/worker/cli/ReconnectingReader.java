package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.client.LifeboatApiException;
import io.lifeboat.api.client.LifeboatClient;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Reads a followed run from the API and rides out the API going away: killed, restarted, or hung.
 * The run itself goes on in Temporal meanwhile, so losing the API is no reason to stop following
 * it. The first failed read says so once on stderr; reads are then retried, 1 s apart growing to
 * 5 s, until the API answers again ("reconnected") or ten minutes have passed, when following
 * stops with the command that picks the run up again. An answer the API gives on purpose (a 404
 * for the run, a 403, any 4xx but 408) is not retried: asking again would not change it.
 */
final class ReconnectingReader {
  /**
   * @param requestTimeout how long one read may take before the API counts as hung
   * @param firstRetry the wait before the first retry; it doubles up to {@code maxRetry}
   * @param giveUpAfter how long the API may stay away before following stops
   */
  record Patience(Duration requestTimeout, Duration firstRetry, Duration maxRetry, Duration giveUpAfter) {
    // A run read asks Temporal for its description, progress and outcome: a few seconds at worst.
    static final Patience DEFAULT =
        new Patience(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(10));
  }

  private final LifeboatClient client;
  private final PrintStream err;
  private final Patience patience;

  ReconnectingReader(LifeboatClient client) {
    this(client, System.err, Patience.DEFAULT);
  }

  ReconnectingReader(LifeboatClient client, PrintStream err, Patience patience) {
    this.client = client.withRequestTimeout(patience.requestTimeout());
    this.err = err;
    this.patience = patience;
  }

  /** {@code GET /api/v1/runs/{runId}}, once the API answers it. */
  JsonNode run(String runId) throws InterruptedException {
    return keepTrying(runId, () -> client.run(runId));
  }

  /** {@code GET /api/v1/runbooks/{runbook}/runs/{runId}}, once the API answers it. */
  JsonNode runbookRun(String runbook, String runId) throws InterruptedException {
    return keepTrying(runId, () -> client.runbookRun(runbook, runId));
  }

  private JsonNode keepTrying(String runId, Supplier<JsonNode> read) throws InterruptedException {
    long lostAt = 0;
    boolean lost = false;
    Duration wait = patience.firstRetry();
    while (true) {
      try {
        JsonNode answer = read.get();
        if (lost) {
          err.println("reconnected after " + Durations.human(millisSince(lostAt)) + "; following again");
        }
        return answer;
      } catch (LifeboatApiException e) {
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted while reading run " + runId);
        }
        if (!worthRetrying(e)) {
          throw e;
        }
        if (!lost) {
          lost = true;
          lostAt = System.nanoTime();
          err.println("lost the API at " + client.baseUri() + " (" + why(e) + "); the run goes on in Temporal"
              + " — reconnecting…");
        }
        long leftMillis = patience.giveUpAfter().toMillis() - millisSince(lostAt);
        if (leftMillis <= 0) {
          throw new CliException("the API at " + client.baseUri() + " has been unreachable for "
              + Durations.human(millisSince(lostAt)) + " (" + why(e) + "); stopped following run " + runId,
              "the run goes on in Temporal; once the API is back, `lifeboat run " + runId + "` shows where it is");
        }
        Thread.sleep(Math.min(wait.toMillis(), leftMillis));
        Duration doubled = wait.multipliedBy(2);
        wait = doubled.compareTo(patience.maxRetry()) > 0 ? patience.maxRetry() : doubled;
      }
    }
  }

  /** The API is away (no connection, no answer) or says it cannot answer now (408, 5xx). */
  static boolean worthRetrying(LifeboatApiException e) {
    return e.isUnreachable() || e.status() == 408 || e.status() >= 500;
  }

  /** What went wrong, in a few words: "connection refused", "no answer within 30 s", "HTTP 503: ...". */
  String why(LifeboatApiException e) {
    if (!e.isUnreachable()) {
      return "HTTP " + e.status() + (e.error() == null ? "" : ": " + e.error());
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof HttpConnectTimeoutException) {
        return "connecting timed out";
      }
      if (cause instanceof HttpTimeoutException) {
        return "no answer within " + Durations.human(patience.requestTimeout().toMillis());
      }
      if (cause instanceof ConnectException) {
        return "connection refused";
      }
    }
    Throwable cause = e.getCause();
    return cause == null || cause.getMessage() == null ? "no answer" : "connection lost: " + cause.getMessage();
  }

  private static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }
}
