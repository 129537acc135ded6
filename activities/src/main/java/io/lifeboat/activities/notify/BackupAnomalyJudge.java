package io.lifeboat.activities.notify;

import java.util.List;
import java.util.Optional;

/**
 * Judges one successful backup against its target's own last successful backups: unusually slow
 * (slower than the larger of 2 × their median and median + 3 × their median absolute deviation)
 * or unusually sized (under half or over twice their median: an export that broke, or data that
 * was encrypted by ransomware and no longer compresses). Fewer than three prior backups say nothing.
 */
public final class BackupAnomalyJudge {
  /** Below this many prior backups there is no "usual" to compare with. */
  public static final int MINIMUM_HISTORY = 3;

  private BackupAnomalyJudge() {}

  /** Why {@code millis} is unusually slow against {@code history} (durations in milliseconds), with the numbers. */
  public static Optional<String> slow(List<Long> history, long millis) {
    if (history.size() < MINIMUM_HISTORY) {
      return Optional.empty();
    }
    double median = median(history);
    double mad = medianAbsoluteDeviation(history);
    double limit = Math.max(2 * median, median + 3 * mad);
    if (millis <= limit) {
      return Optional.empty();
    }
    return Optional.of(String.format(java.util.Locale.ROOT,
        "took %s, more than the limit of %s (median %s, median absolute deviation %s of the last %d backups)",
        seconds(millis), seconds(limit), seconds(median), seconds(mad), history.size()));
  }

  /** Why {@code bytes} is an unusual size against {@code history} (sizes in bytes), with the numbers. */
  public static Optional<String> size(String what, List<Long> history, long bytes) {
    if (history.size() < MINIMUM_HISTORY) {
      return Optional.empty();
    }
    double median = median(history);
    if (bytes >= median / 2 && bytes <= median * 2) {
      return Optional.empty();
    }
    return Optional.of(String.format(java.util.Locale.ROOT,
        "%s %d bytes is %s than usual: %.2f × the median of %.0f bytes of the last %d backups"
            + " (usual: half to twice the median)",
        what, bytes, bytes < median / 2 ? "much smaller" : "much larger", median == 0 ? 0 : bytes / median, median,
        history.size()));
  }

  static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
  }

  static double medianAbsoluteDeviation(List<Long> values) {
    double median = median(values);
    List<Long> deviations = values.stream().map(v -> Math.round(Math.abs(v - median) * 1000)).toList();
    return median(deviations) / 1000;
  }

  private static String seconds(double millis) {
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000);
  }
}
