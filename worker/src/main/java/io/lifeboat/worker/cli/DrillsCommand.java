package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lifeboat drills}: the drills the catalog holds, newest first, with what they achieved. */
@Command(name = "drills", description = "Drills, newest first: verdict, RTO and RPO achieved against the objectives.")
final class DrillsCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Option(names = "--target", paramLabel = "NAME", description = "only drills that restored this target")
  String target;

  @Option(names = "--limit", description = "at most this many (default ${DEFAULT-VALUE})")
  int limit = 20;

  @Override
  public Integer call() {
    JsonNode drills = options.client().drills(target, limit);
    if (options.json) {
      System.out.println(ClientOptions.json(drills));
      return 0;
    }
    String format = "%-44s %-22s %-21s %-7s %-18s %s%n";
    System.out.printf(format, "DRILL", "SUBJECT", "STARTED", "RESULT", "RTO (OBJECTIVE)", "RPO (OBJECTIVE)");
    for (JsonNode d : drills) {
      System.out.printf(format, d.path("drillId").asText(), d.path("subject").asText(),
          d.path("startedAt").asText().replaceFirst("(\\d\\d:\\d\\d:\\d\\d)(\\.\\d+)?Z$", "$1Z"),
          d.path("passed").asBoolean() ? "PASSED" : "FAILED",
          measure(d.path("achievedRtoMillis"), d.path("rtoObjectiveMillis")),
          measure(d.path("achievedRpoMillis"), d.path("rpoObjectiveMillis")));
    }
    return 0;
  }

  /** "42.0 s / 2h 00m"; "-" for a measure the drill did not reach. */
  static String measure(JsonNode achieved, JsonNode objective) {
    return (achieved.isNumber() ? Durations.human(achieved.asLong()) : "-") + " / "
        + (objective.isNumber() ? Durations.human(objective.asLong()) : "-");
  }
}
