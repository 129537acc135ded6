package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.client.LifeboatClient;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Follows a runbook run to its end, printing each step as its state changes, what the run waits
 * for (and the command that answers it), every signal it received, and the RTO and RPO achieved.
 * An API that goes away meanwhile is waited for ({@link ReconnectingReader}); what was printed
 * before is not printed again.
 */
final class RunbookFollower {
  private static final Duration POLL = Duration.ofMillis(500);

  private final ReconnectingReader reader;
  private final PrintStream out;
  private final boolean quiet;
  private final Map<String, String> printed = new HashMap<>();
  private int signalsPrinted;

  RunbookFollower(LifeboatClient client, PrintStream out, boolean quiet) {
    this(new ReconnectingReader(client), out, quiet);
  }

  RunbookFollower(ReconnectingReader reader, PrintStream out, boolean quiet) {
    this.reader = reader;
    this.out = out;
    this.quiet = quiet;
  }

  /** Returns the run's last JSON once it has ended. */
  JsonNode follow(String runbook, String runId) throws InterruptedException {
    say("runbook " + runbook + " started: run " + runId);
    while (true) {
      JsonNode run = reader.runbookRun(runbook, runId);
      JsonNode progress = run.path("progress");
      print(progress, runId);
      if (!"RUNNING".equals(run.path("status").asText())) {
        summary(run);
        return run;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private void print(JsonNode progress, String runId) {
    for (JsonNode step : progress.path("steps")) {
      String name = step.path("name").asText();
      String state = step.path("state").asText();
      String key = state + "|" + step.path("attempts").asInt() + "|" + step.path("detail").asText("");
      if (state.equals("PENDING") || key.equals(printed.get(name))) {
        continue;
      }
      printed.put(name, key);
      String detail = step.path("detail").asText("");
      switch (state) {
        case "RUNNING" -> say("  … " + name + (step.path("attempts").asInt() > 1
            ? " (attempt " + step.path("attempts").asInt() + ": " + step.path("error").asText("") + ")" : ""));
        case "WAITING" -> say("  ⏸ " + name + ": " + detail + "\n      answer: lifeboat runbook "
            + (step.path("type").asText().equals("APPROVE") ? "approve|reject" : "retry|skip|abort")
            + " " + runId + " --reason …");
        case "DONE" -> say("  ✓ " + name + took(step) + "  " + detail);
        case "FAILED" -> say("  ✗ " + name + took(step) + "  " + step.path("error").asText(""));
        case "SKIPPED" -> say("  - " + name + "  " + detail);
        default -> say("  " + state + " " + name);
      }
    }
    JsonNode signals = progress.path("signals");
    for (; signalsPrinted < signals.size(); signalsPrinted++) {
      JsonNode signal = signals.get(signalsPrinted);
      say("  ↳ " + signal.path("signal").asText() + " by " + signal.path("decision").path("by").asText() + ": "
          + (signal.path("accepted").asBoolean() ? "accepted" : "REFUSED") + " (" + signal.path("note").asText() + ")");
    }
  }

  private void summary(JsonNode run) {
    JsonNode progress = run.path("progress");
    for (JsonNode step : progress.path("steps")) {
      if (!step.path("compensation").isNull() && !step.path("compensation").isMissingNode()) {
        say("  ↺ " + step.path("name").asText() + ": " + step.path("compensation").asText());
      }
    }
    JsonNode measures = progress.path("measures");
    say("run " + progress.path("status").asText(run.path("status").asText())
        + (progress.path("error").isTextual() ? ": " + progress.path("error").asText() : ""));
    say(objective("RTO", measures.path("achievedRto"), measures.path("rtoObjective"), measures.path("rtoMet")));
    say(objective("RPO", measures.path("achievedRpo"), measures.path("rpoObjective"), measures.path("rpoMet")));
  }

  private static String objective(String name, JsonNode achieved, JsonNode objective, JsonNode met) {
    return name + " achieved " + human(achieved) + ", objective " + human(objective) + ": "
        + (met.isBoolean() ? (met.asBoolean() ? "met" : "MISSED") : "not measured");
  }

  private static String human(JsonNode isoDuration) {
    return isoDuration.isTextual() ? Durations.human(Duration.parse(isoDuration.asText()).toMillis()) : "—";
  }

  private static String took(JsonNode step) {
    if (!step.path("startedAt").isTextual() || !step.path("endedAt").isTextual()) {
      return "";
    }
    Duration d = Duration.between(Instant.parse(step.path("startedAt").asText()),
        Instant.parse(step.path("endedAt").asText()));
    return " (" + Durations.human(d.toMillis()) + ")";
  }

  private void say(String line) {
    if (!quiet) {
      out.println(line);
    }
  }
}
