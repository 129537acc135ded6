package io.lifeboat.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many refusals of one kind (from one address, for one reason) get an audit record of their
 * own: the first {@code perMinute} of a minute, then one summary with the count of the rest when
 * that minute is over. A client hammering the API with a wrong token so cannot flood the catalog
 * and the bucket with one record per request, and an operator still sees that it happened, from
 * where, and how often. The minute starts at the first refusal of its kind.
 *
 * @param <K> what makes refusals the same kind; a record with equals
 */
public final class RefusalLimit<K> {
  /** Records of their own per address and reason per minute, before refusals are only counted. */
  public static final int PER_MINUTE = 10;
  static final Duration WINDOW = Duration.ofMinutes(1);

  private final int perMinute;
  private final Clock clock;
  private final Map<K, Window> windows = new LinkedHashMap<>();

  public RefusalLimit(int perMinute, Clock clock) {
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /** Counts one refusal of kind {@code kind}. */
  public synchronized Admission<K> admit(K kind) {
    Instant now = clock.instant();
    List<Summary<K>> closed = close(now);
    Window window = windows.computeIfAbsent(kind, k -> new Window(now));
    window.refusals++;
    return new Admission<>(window.refusals <= perMinute, closed);
  }

  /** The summaries of the minutes that are over, each given once; for a periodic flush. */
  public synchronized List<Summary<K>> closeEnded() {
    return close(clock.instant());
  }

  private List<Summary<K>> close(Instant now) {
    List<Summary<K>> closed = new ArrayList<>();
    for (Iterator<Map.Entry<K, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<K, Window> entry = it.next();
      Window window = entry.getValue();
      if (now.isBefore(window.start.plus(WINDOW))) {
        continue;
      }
      it.remove();
      if (window.refusals > perMinute) {
        closed.add(new Summary<>(entry.getKey(), window.refusals - perMinute, window.start));
      }
    }
    return closed;
  }

  /**
   * @param record whether this refusal gets a record of its own
   * @param closed summaries of earlier minutes that are over, to record first
   */
  public record Admission<K>(boolean record, List<Summary<K>> closed) {}

  /** The refusals of one kind in one minute that got no record of their own: {@code more} of them. */
  public record Summary<K>(K kind, int more, Instant from) {}

  private static final class Window {
    final Instant start;
    int refusals;

    Window(Instant start) {
      this.start = start;
    }
  }
}
