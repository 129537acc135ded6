package io.lifeboat.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Refusals of one kind get records of their own up to a limit a minute, then one summary. */
class RefusalLimitTest {
  private static final Instant T0 = Instant.parse("2026-12-04T23:40:00Z");

  private final SteppedClock clock = new SteppedClock(T0);
  private final RefusalLimit<String> limit = new RefusalLimit<>(3, clock);

  @Test
  void pastTheLimitRefusalsAreOnlyCountedAndSummedUpOnceTheirMinuteIsOver() {
    List<Boolean> recorded = IntStream.range(0, 7).mapToObj(i -> limit.admit("10.0.0.7 bad token").record()).toList();
    assertThat(recorded).containsExactly(true, true, true, false, false, false, false);
    assertThat(limit.admit("10.0.0.8 bad token").record()).as("another kind has its own limit").isTrue();

    clock.advance(Duration.ofSeconds(59));
    assertThat(limit.closeEnded()).as("the minute is not over").isEmpty();

    clock.advance(Duration.ofSeconds(1));
    assertThat(limit.closeEnded()).containsExactly(new RefusalLimit.Summary<>("10.0.0.7 bad token", 4, T0));
    assertThat(limit.closeEnded()).as("each summary is given once").isEmpty();
  }

  @Test
  void theNextRefusalAfterTheMinuteBringsTheSummaryAndStartsANewMinute() {
    IntStream.range(0, 5).forEach(i -> limit.admit("10.0.0.7 bad token"));
    clock.advance(Duration.ofMinutes(2));

    RefusalLimit.Admission<String> next = limit.admit("10.0.0.7 bad token");

    assertThat(next.record()).isTrue();
    assertThat(next.closed()).containsExactly(new RefusalLimit.Summary<>("10.0.0.7 bad token", 2, T0));
  }

  @Test
  void aMinuteWithinTheLimitNeedsNoSummary() {
    IntStream.range(0, 3).forEach(i -> assertThat(limit.admit("10.0.0.7 bad token").record()).isTrue());
    clock.advance(Duration.ofMinutes(1));

    assertThat(limit.closeEnded()).isEmpty();
  }

  /** A clock tests move by hand. */
  static final class SteppedClock extends Clock {
    private Instant now;

    SteppedClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
