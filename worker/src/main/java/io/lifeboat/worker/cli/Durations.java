package io.lifeboat.worker.cli;

import java.time.Duration;

/** Durations as people read them: 1h 02m, 3m 05s, 12.4 s. */
public final class Durations {
  private Durations() {}

  public static String human(long millis) {
    Duration d = Duration.ofMillis(Math.abs(millis));
    String sign = millis < 0 ? "-" : "";
    if (d.toHours() > 0) {
      return String.format("%s%dh %02dm", sign, d.toHours(), d.toMinutesPart());
    }
    if (d.toMinutes() > 0) {
      return String.format("%s%dm %02ds", sign, d.toMinutes(), d.toSecondsPart());
    }
    return String.format("%s%.1f s", sign, d.toMillis() / 1000.0);
  }
}
