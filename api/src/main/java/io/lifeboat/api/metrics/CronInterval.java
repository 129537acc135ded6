package io.lifeboat.api.metrics;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The longest wait between two firings of a five-field cron schedule: a schedule whose last run is
 * much older than this has stopped firing. Read over nine years of calendar from a fixed date, so
 * that a schedule of the 29th of February or of one day a year has its real interval, and the
 * answer does not change from one scrape to the next.
 */
public final class CronInterval {
  private static final LocalDate FROM = LocalDate.of(2025, 1, 1);
  private static final int YEARS = 9;
  private static final Map<String, String> MACROS = Map.of(
      "@hourly", "0 * * * *", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@weekly", "0 0 * * 0",
      "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *");
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private CronInterval() {}

  /** Empty when the expression is not one this reads, or fires fewer than twice in nine years. */
  public static Optional<Duration> longestGap(String cron, ZoneId zone) {
    String expression = MACROS.getOrDefault(cron.strip().toLowerCase(Locale.ROOT), cron.strip());
    String[] fields = expression.split("\\s+");
    if (fields.length != 5) {
      return Optional.empty();
    }
    try {
      BitSet minutes = field(fields[0], 0, 59, List.of(), 0);
      BitSet hours = field(fields[1], 0, 23, List.of(), 0);
      BitSet daysOfMonth = field(fields[2], 1, 31, List.of(), 0);
      BitSet months = field(fields[3], 1, 12, MONTHS, 1);
      BitSet daysOfWeek = field(fields[4], 0, 7, DAYS, 0);
      if (daysOfWeek.get(7)) {
        daysOfWeek.set(0); // 7 is Sunday too
      }
      // Standard cron: with both day fields restricted, a day matching either one fires.
      boolean either = !fields[2].equals("*") && !fields[4].equals("*");
      List<Integer> times = minutesOfDay(hours, minutes);
      if (times.isEmpty()) {
        return Optional.empty();
      }
      long longest = 0;
      Long previous = null;
      for (LocalDate day = FROM; day.isBefore(FROM.plusYears(YEARS)); day = day.plusDays(1)) {
        boolean dom = daysOfMonth.get(day.getDayOfMonth());
        boolean dow = daysOfWeek.get(day.getDayOfWeek().getValue() % 7);
        if (!months.get(day.getMonthValue()) || !(either ? dom || dow : dom && dow)) {
          continue;
        }
        long first = epochSecond(day, times.get(0), zone);
        if (previous != null) {
          longest = Math.max(longest, first - previous);
        }
        for (int i = 1; i < times.size(); i++) {
          longest = Math.max(longest, 60L * (times.get(i) - times.get(i - 1)));
        }
        previous = epochSecond(day, times.get(times.size() - 1), zone);
      }
      return longest == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(longest));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static long epochSecond(LocalDate day, int minuteOfDay, ZoneId zone) {
    return day.atTime(LocalTime.of(minuteOfDay / 60, minuteOfDay % 60)).atZone(zone).toEpochSecond();
  }

  private static List<Integer> minutesOfDay(BitSet hours, BitSet minutes) {
    return hours.stream().boxed().flatMap(h -> minutes.stream().mapToObj(m -> h * 60 + m)).toList();
  }

  /** A field: lists of {@code *}, {@code n}, {@code a-b}, each with an optional {@code /step}; names allowed. */
  private static BitSet field(String text, int min, int max, List<String> names, int firstName) {
    BitSet values = new BitSet();
    for (String part : text.split(",")) {
      String[] stepped = part.split("/", 2);
      int step = stepped.length == 2 ? Integer.parseInt(stepped[1]) : 1;
      int from;
      int to;
      if (stepped[0].equals("*")) {
        from = min;
        to = max;
      } else {
        String[] range = stepped[0].split("-", 2);
        from = value(range[0], names, firstName);
        to = range.length == 2 ? value(range[1], names, firstName) : stepped.length == 2 ? max : from;
      }
      if (step < 1 || from < min || to > max || from > to) {
        throw new IllegalArgumentException(part);
      }
      for (int v = from; v <= to; v += step) {
        values.set(v);
      }
    }
    return values;
  }

  private static int value(String text, List<String> names, int firstName) {
    int named = names.indexOf(text.toUpperCase(Locale.ROOT));
    return named >= 0 ? named + firstName : Integer.parseInt(text);
  }
}
