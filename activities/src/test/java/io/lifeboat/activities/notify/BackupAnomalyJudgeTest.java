package io.lifeboat.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Unusual" in numbers: against the median and median absolute deviation of a target's own backups. */
class BackupAnomalyJudgeTest {
  @Test
  void medianAndMedianAbsoluteDeviation() {
    assertThat(BackupAnomalyJudge.median(List.of(5L, 1L, 3L))).isEqualTo(3.0);
    assertThat(BackupAnomalyJudge.median(List.of(4L, 1L, 3L, 2L))).isEqualTo(2.5);
    // median 4; deviations 3, 1, 1, 0, 6 -> median 1
    assertThat(BackupAnomalyJudge.medianAbsoluteDeviation(List.of(1L, 5L, 3L, 4L, 10L))).isEqualTo(1.0);
    // median 2.5; deviations 1.5, 1.5, 0.5, 0.5 -> median 1
    assertThat(BackupAnomalyJudge.medianAbsoluteDeviation(List.of(1L, 4L, 2L, 3L))).isEqualTo(1.0);
  }

  @Test
  void slowIsBeyondTwiceTheMedianWhenDurationsAreSteady() {
    List<Long> steady = List.of(60_000L, 62_000L, 58_000L, 61_000L, 59_000L); // median 60 s, MAD 1 s
    assertThat(BackupAnomalyJudge.slow(steady, 120_000)).as("exactly twice: not yet").isEmpty();
    assertThat(BackupAnomalyJudge.slow(steady, 121_000)).hasValueSatisfying(why -> assertThat(why)
        .isEqualTo("took 121.0 s, more than the limit of 120.0 s (median 60.0 s, median absolute deviation 1.0 s"
            + " of the last 5 backups)"));
  }

  @Test
  void slowIsBeyondMedianPlusThreeDeviationsWhenDurationsVary() {
    List<Long> varied = List.of(10_000L, 30_000L, 60_000L, 90_000L, 110_000L); // median 60 s, MAD 30 s
    assertThat(BackupAnomalyJudge.slow(varied, 140_000)).as("over 2 × median but under median + 3 MAD").isEmpty();
    assertThat(BackupAnomalyJudge.slow(varied, 150_001)).isPresent();
  }

  @Test
  void sizeOutsideHalfToTwiceTheMedianIsUnusual() {
    List<Long> sizes = List.of(1000L, 1100L, 900L, 1000L);
    assertThat(BackupAnomalyJudge.size("raw size", sizes, 500)).as("half: still usual").isEmpty();
    assertThat(BackupAnomalyJudge.size("raw size", sizes, 2000)).as("twice: still usual").isEmpty();
    assertThat(BackupAnomalyJudge.size("raw size", sizes, 499)).hasValue(
        "raw size 499 bytes is much smaller than usual: 0.50 × the median of 1000 bytes of the last 4 backups"
            + " (usual: half to twice the median)");
    assertThat(BackupAnomalyJudge.size("stored size", sizes, 5000)).hasValueSatisfying(why ->
        assertThat(why).startsWith("stored size 5000 bytes is much larger than usual: 5.00 × the median of 1000"));
  }

  @Test
  void fewerThanThreePriorBackupsSayNothing() {
    assertThat(BackupAnomalyJudge.slow(List.of(1000L, 1000L), 1_000_000)).isEmpty();
    assertThat(BackupAnomalyJudge.size("raw size", List.of(1000L, 1000L), 1)).isEmpty();
  }
}
