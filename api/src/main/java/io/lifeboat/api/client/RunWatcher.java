package io.lifeboat.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.wire.RunReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows a run until it is no longer RUNNING, polling {@code GET /api/v1/runs/{runId}}. The
 * callback sees the run's JSON the first time and whenever its status or a step's state changes,
 * not on every poll, so the CLI prints one line per change.
 */
public final class RunWatcher {
  /** Reads a run's JSON as {@code GET /api/v1/runs/{runId}} answers it. */
  @FunctionalInterface
  public interface RunReader {
    JsonNode read(String runId) throws InterruptedException;
  }

  private final RunReader reader;
  private final Duration interval;

  public RunWatcher(LifeboatClient client, Duration interval) {
    this(client::run, interval);
  }

  /** Polls through {@code reader}: one that rides out an API restart, say. */
  public RunWatcher(RunReader reader, Duration interval) {
    this.reader = reader;
    this.interval = interval;
  }

  /** Returns the run's final JSON (its {@code status}, {@code result} or {@code failure}). */
  public JsonNode watch(RunReference run, Consumer<JsonNode> onChange) throws InterruptedException {
    return watch(run.runId(), onChange);
  }

  /** {@code runId} as in {@link RunReference#runId()}, a 409's {@code runId}, or {@code GET /runs}. */
  public JsonNode watch(String runId, Consumer<JsonNode> onChange) throws InterruptedException {
    List<String> seen = null;
    while (true) {
      JsonNode current = reader.read(runId);
      List<String> state = stateOf(current);
      if (!state.equals(seen)) {
        onChange.accept(current);
        seen = state;
      }
      if (!"RUNNING".equals(current.path("status").asText())) {
        return current;
      }
      Thread.sleep(interval.toMillis());
    }
  }

  /** The run's status followed by "name=STATE" of each step: what the operator watches change. */
  static List<String> stateOf(JsonNode run) {
    List<String> state = new ArrayList<>();
    state.add(run.path("status").asText());
    for (JsonNode step : run.path("progress").path("steps")) {
      state.add(step.path("name").asText() + "=" + step.path("status").asText());
    }
    return state;
  }
}
