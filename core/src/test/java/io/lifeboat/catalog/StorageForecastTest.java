package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The least-squares line through a target's stored bytes, and what it says of its quota, with numbers. */
class StorageForecastTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final long GIB = 1L << 30;

  @Test
  void aSteadyGrowthOfOneGibADayFillsTheRestOfTheQuotaInThatManyDays() {
    StorageForecast forecast = StorageForecast.of(samples(0, GIB, 1, 2 * GIB, 2, 3 * GIB), 3 * GIB, 15 * GIB);

    assertThat(forecast.growthBytesPerDay()).isCloseTo(GIB, within(1e-3));
    assertThat(forecast.daysUntilFull()).isCloseTo(12.0, within(1e-9));
    assertThat(forecast.usedFraction()).isCloseTo(0.2, within(1e-12));
    assertThat(forecast.points()).isEqualTo(3);
    assertThat(forecast.describe()).isEqualTo("full in ~12 days at 1.0 GiB/day");
  }

  @Test
  void noisySamplesGiveTheLeastSquaresSlope() {
    // x = 0, 1, 2, 3 days; y = 10, 14, 15, 21: Sxy = 17, Sxx = 5, slope 3.4 bytes a day
    StorageForecast forecast = StorageForecast.of(samples(0, 10, 1, 14, 2, 15, 3, 21), 21, 55L);

    assertThat(forecast.growthBytesPerDay()).isCloseTo(3.4, within(1e-9));
    assertThat(forecast.daysUntilFull()).isCloseTo(10.0, within(1e-9));
    assertThat(forecast.describe()).isEqualTo("full in ~10 days at 3 B/day");
  }

  @Test
  void theOrderOfTheSamplesAndHoursBetweenThemDoNotMatter() {
    List<StoredBytesAt> hourly = new ArrayList<>();
    for (int hour = 0; hour < 24; hour++) {
      hourly.add(new StoredBytesAt("orders", T0.plus(Duration.ofHours(hour)), 1000 + hour * 10L));
    }
    java.util.Collections.reverse(hourly);
    StorageForecast forecast = StorageForecast.of(hourly, 1230, 1240L);

    assertThat(forecast.growthBytesPerDay()).isCloseTo(240.0, within(1e-6));
    assertThat(forecast.daysUntilFull()).isCloseTo(10 / 240.0, within(1e-9));
    assertThat(forecast.describe()).isEqualTo("full in ~60 minutes at 240 B/day");
  }

  @Test
  void lessThanADayOrTwoIsSaidInHours() {
    StorageForecast forecast = StorageForecast.of(samples(0, GIB, 1, 2 * GIB, 2, 3 * GIB), 3 * GIB, 3 * GIB + GIB / 4);

    assertThat(forecast.describe()).isEqualTo("full in ~6 hours at 1.0 GiB/day");
  }

  @Test
  void aShrinkingOrFlatTargetNeverFillsItsQuota() {
    StorageForecast shrinking = StorageForecast.of(samples(0, 3 * GIB, 1, 2 * GIB, 2, GIB), GIB, 2 * GIB);
    assertThat(shrinking.growthBytesPerDay()).isCloseTo(-GIB, within(1e-3));
    assertThat(shrinking.daysUntilFull()).isNull();
    assertThat(shrinking.describe()).isEqualTo("not growing (-1.0 GiB/day over the last 3 backups)");

    StorageForecast flat = StorageForecast.of(samples(0, 500, 1, 500, 2, 500), 500, 1000L);
    assertThat(flat.growthBytesPerDay()).isZero();
    assertThat(flat.daysUntilFull()).isNull();
  }

  @Test
  void withoutAQuotaTheGrowthIsStillMeasured() {
    StorageForecast forecast = StorageForecast.of(samples(0, GIB, 1, 2 * GIB, 2, 3 * GIB), 3 * GIB, null);

    assertThat(forecast.growthBytesPerDay()).isCloseTo(GIB, within(1e-3));
    assertThat(forecast.daysUntilFull()).isNull();
    assertThat(forecast.usedFraction()).isNull();
    assertThat(forecast.describe()).isEqualTo("growing 1.0 GiB/day");
  }

  @Test
  void fewerThanThreeSamplesOrAllAtOneInstantGiveNoLine() {
    StorageForecast two = StorageForecast.of(samples(0, GIB, 1, 2 * GIB), 2 * GIB, 3 * GIB);
    assertThat(two.growthBytesPerDay()).isNull();
    assertThat(two.daysUntilFull()).isNull();
    assertThat(two.describe()).isEqualTo(
        "no forecast yet: it needs 3 backups made at different times within the last 30 days, there are 2");

    StorageForecast sameInstant = StorageForecast.of(samples(0, GIB, 0, 2 * GIB, 0, 3 * GIB), 3 * GIB, 4 * GIB);
    assertThat(sameInstant.growthBytesPerDay()).isNull();
  }

  @Test
  void aTargetAtOrOverItsQuotaIsFullNowWhateverItsGrowth() {
    StorageForecast over = StorageForecast.of(samples(0, 3 * GIB, 1, 2 * GIB, 2, GIB), 5 * GIB, 4 * GIB);

    assertThat(over.daysUntilFull()).isZero();
    assertThat(over.usedFraction()).isCloseTo(1.25, within(1e-12));
    assertThat(over.describe()).isEqualTo("full now");
  }

  /** Pairs of (days after T0, bytes). */
  private static List<StoredBytesAt> samples(long... daysAndBytes) {
    List<StoredBytesAt> samples = new ArrayList<>();
    for (int i = 0; i < daysAndBytes.length; i += 2) {
      samples.add(new StoredBytesAt("orders", T0.plus(Duration.ofDays(daysAndBytes[i])), daysAndBytes[i + 1]));
    }
    return samples;
  }
}
