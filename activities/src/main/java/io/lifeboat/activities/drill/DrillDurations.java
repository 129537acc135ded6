package io.lifeboat.activities.drill;

import java.time.Duration;

/**
 * Durations in a drill's reports as a person reads them: {@code 850ms}, {@code 42s}, {@code 3m 5s},
 * {@code 2h}, {@code 1d 4h}. Above a second the milliseconds are rounded away: an RTO is read in seconds.
 */
final class DrillDurations {
  /** What a measure the drill did not get to shows. */
  static final String NOT_MEASURED = "—";

  static String human(Long millis) {
    if (millis == null) {
      return NOT_MEASURED;
    }
    if (millis < 0) {
      return "-" + human(-millis);
    }
    if (millis == 0) {
      return "0s";
    }
    if (millis < 1000) {
      return millis + "ms";
    }
    Duration d = Duration.ofSeconds(Math.round(millis / 1000.0));
    StringBuilder text = new StringBuilder();
    part(text, d.toDays(), "d");
    part(text, d.toHoursPart(), "h");
    part(text, d.toMinutesPart(), "m");
    part(text, d.toSecondsPart(), "s");
    return text.toString();
  }

  private static void part(StringBuilder text, long amount, String unit) {
    if (amount > 0) {
      text.append(text.isEmpty() ? "" : " ").append(amount).append(unit);
    }
  }

  private DrillDurations() {}
}
