package io.lifeboat.workflows.runbook;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them in runbooks: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 2d}. */
public final class RunbookDurations {
  public static final String EXPECTED = "a duration such as 30s, 5m, 1h30m or 1d";

  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  /** The duration, or empty when the text is not one (zero is not a duration here). */
  public static Optional<Duration> parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      total = total.plus(switch (part.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      });
    }
    return total.isZero() ? Optional.empty() : Optional.of(total);
  }

  /** The inverse of {@link #parse}, for reports: {@code PT1H30M} becomes {@code 1h30m}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long days = duration.toDays();
    if (days > 0) text.append(days).append('d');
    if (duration.toHoursPart() > 0) text.append(duration.toHoursPart()).append('h');
    if (duration.toMinutesPart() > 0) text.append(duration.toMinutesPart()).append('m');
    if (duration.toSecondsPart() > 0) text.append(duration.toSecondsPart()).append('s');
    if (duration.toMillisPart() > 0) text.append(duration.toMillisPart()).append("ms");
    return text.toString();
  }

  private RunbookDurations() {}
}
