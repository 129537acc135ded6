package io.lifeboat.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The longest wait between two firings: what says a schedule has stopped. */
class CronIntervalTest {
  private static Duration gap(String cron) {
    return CronInterval.longestGap(cron, ZoneOffset.UTC).orElseThrow();
  }

  @Test
  void readsTheLongestGapOfCommonSchedules() {
    assertThat(gap("0 2 * * *")).isEqualTo(Duration.ofDays(1));
    assertThat(gap("*/15 * * * *")).isEqualTo(Duration.ofMinutes(15));
    assertThat(gap("0 9-17 * * MON-FRI")).isEqualTo(Duration.ofHours(64)); // Friday 17:00 to Monday 09:00
    assertThat(gap("0 0,12 * * *")).isEqualTo(Duration.ofHours(12));
    assertThat(gap("@hourly")).isEqualTo(Duration.ofHours(1));
    assertThat(gap("@weekly")).isEqualTo(Duration.ofDays(7));
    assertThat(gap("0 0 1 * *")).isEqualTo(Duration.ofDays(31));
    assertThat(gap("0 3 29 2 *")).isEqualTo(Duration.ofDays(365 * 4 + 1)); // leap days only
  }

  @Test
  void eitherDayFieldFiresWhenBothAreRestricted() {
    // the 1st of the month or any Monday: never more than a week apart
    assertThat(gap("0 0 1 * 1")).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void aDaylightSavingChangeLengthensOrShortensADailyGapByAnHour() {
    assertThat(CronInterval.longestGap("0 2 * * *", ZoneId.of("Europe/Paris")).orElseThrow())
        .isEqualTo(Duration.ofHours(25));
  }

  @Test
  void whatItCannotReadHasNoInterval() {
    assertThat(CronInterval.longestGap("0 2 * *", ZoneOffset.UTC)).isEmpty();
    assertThat(CronInterval.longestGap("61 * * * *", ZoneOffset.UTC)).isEmpty();
    assertThat(CronInterval.longestGap("0 0 31 2 *", ZoneOffset.UTC)).isEmpty(); // never fires
  }
}
