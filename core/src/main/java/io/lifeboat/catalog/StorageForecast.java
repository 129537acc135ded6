package io.lifeboat.catalog;

import jakarta.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * How fast a target's backups grow in the primary bucket, and when they fill its quota: a
 * least-squares line through what the bucket held just after each of the target's backups of the
 * last {@link #WINDOW} (at most {@link #MAXIMUM_POINTS} of them; {@link Catalog#storageHistory}).
 * A window of days rather than a number of backups, because retention deletes in cycles: ten
 * hourly backups see only the rise between two retention runs, a month sees what is kept.
 * Fewer than {@link #MINIMUM_POINTS} samples, or samples all at one instant, give no line; a line
 * that does not rise never fills the quota.
 *
 * @param usedBytes what the primary bucket holds of the target now
 * @param quotaBytes its {@code storageQuota}; null without one
 * @param growthBytesPerDay the line's slope (negative when retention frees more than backups add);
 *     null without a line
 * @param daysUntilFull (quota − used) ÷ growth; 0 once full; null without a quota, without a
 *     line, or when not growing
 * @param points how many samples the line went through
 */
public record StorageForecast(
    long usedBytes,
    @Nullable Long quotaBytes,
    @Nullable Double growthBytesPerDay,
    @Nullable Double daysUntilFull,
    int points) {
  public static final int MINIMUM_POINTS = 3;
  public static final Duration WINDOW = Duration.ofDays(30);
  public static final int MAXIMUM_POINTS = 500;

  private static final double MILLIS_PER_DAY = Duration.ofDays(1).toMillis();

  /** The line through {@code history} (any order), judged against {@code quotaBytes} from {@code usedBytes}. */
  public static StorageForecast of(List<StoredBytesAt> history, long usedBytes, @Nullable Long quotaBytes) {
    Double growth = slopePerDay(history);
    Double days = null;
    if (quotaBytes != null) {
      if (usedBytes >= quotaBytes) {
        days = 0.0;
      } else if (growth != null && growth > 0) {
        days = (quotaBytes - usedBytes) / growth;
      }
    }
    return new StorageForecast(usedBytes, quotaBytes, growth, days, history.size());
  }

  /** Where the forecast's samples start, seen from {@code now}. */
  public static Instant since(Instant now) {
    return now.minus(WINDOW);
  }

  /** The used share of the quota, 0.85 for 85%; null without a quota. */
  @Nullable
  public Double usedFraction() {
    return quotaBytes == null ? null : (double) usedBytes / quotaBytes;
  }

  /**
   * One phrase for a message: "full in ~12 days at 3.1 GiB/day", "full now", "not growing
   * (-1.0 MiB/day)", or why there is no forecast.
   */
  public String describe() {
    if (daysUntilFull != null && daysUntilFull == 0) {
      return "full now";
    }
    if (growthBytesPerDay == null) {
      return "no forecast yet: it needs " + MINIMUM_POINTS + " backups made at different times within the last "
          + WINDOW.toDays() + " days, there " + (points == 1 ? "is 1" : "are " + points);
    }
    String rate = human(growthBytesPerDay) + "/day";
    if (growthBytesPerDay <= 0) {
      return "not growing (" + rate + " over the last " + points + " backups)";
    }
    if (daysUntilFull == null) {
      return "growing " + rate;
    }
    return "full in ~" + span(daysUntilFull) + " at " + rate;
  }

  /** Least-squares slope in bytes per day; null with too few samples or none apart in time. */
  @Nullable
  private static Double slopePerDay(List<StoredBytesAt> history) {
    if (history.size() < MINIMUM_POINTS) {
      return null;
    }
    long origin = history.get(0).at().toEpochMilli();
    double meanX = 0;
    double meanY = 0;
    for (StoredBytesAt s : history) {
      meanX += (s.at().toEpochMilli() - origin) / MILLIS_PER_DAY;
      meanY += s.bytes();
    }
    meanX /= history.size();
    meanY /= history.size();
    double sxy = 0;
    double sxx = 0;
    for (StoredBytesAt s : history) {
      double dx = (s.at().toEpochMilli() - origin) / MILLIS_PER_DAY - meanX;
      sxy += dx * (s.bytes() - meanY);
      sxx += dx * dx;
    }
    return sxx == 0 ? null : sxy / sxx;
  }

  /** ~12 days, ~5 hours, ~40 minutes: the largest whole unit, as an estimate. */
  private static String span(double days) {
    if (days >= 2) {
      return Math.round(days) + " days";
    }
    double hours = days * 24;
    if (hours >= 2) {
      return Math.round(hours) + " hours";
    }
    return Math.max(1, Math.round(hours * 60)) + " minutes";
  }

  /** 3.1 GiB, 512 B, -1.0 MiB: binary units, one decimal. */
  static String human(double bytes) {
    double value = Math.abs(bytes);
    if (value < 1024) {
      return String.format(Locale.ROOT, "%.0f B", bytes);
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%s%.1f %s", bytes < 0 ? "-" : "", value, units[unit]);
  }
}
