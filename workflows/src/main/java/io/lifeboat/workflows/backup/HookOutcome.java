package io.lifeboat.workflows.backup;

import java.util.Locale;

/**
 * How one hook ended: what came of it, never what it runs (its configuration may hold secrets).
 *
 * @param type {@code command}, {@code http} or {@code sql}; {@code none} when the target has no such hook
 * @param result what ended it, as an operator reads it: "exited 0", "answered HTTP 503, expected
 *     204", "completed"
 * @param millis how long it ran
 * @param output the end of what it said (a command's output, the start of a response's body, the
 *     database's error); empty when it said nothing
 */
public record HookOutcome(String type, boolean succeeded, String result, long millis, String output) {
  private static final String NONE = "none";

  /** The outcome of a hook the target does not have (the configuration changed since the run started). */
  public static HookOutcome notConfigured() {
    return new HookOutcome(NONE, true, "not configured", 0, "");
  }

  /** One line for the step's detail and the run's failure, e.g. "command hook exited 3 after 0.2 s: disk full". */
  public String describe() {
    if (type.equals(NONE)) {
      return "not configured any more: the worker's configuration changed during the run";
    }
    return type + " hook " + result + " after " + duration() + (output.isBlank() ? "" : ": " + output);
  }

  private String duration() {
    return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
