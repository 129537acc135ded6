package io.lifeboat.activities.backup;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Heartbeats the progress of a long activity (bytes moved, tables counted), every few seconds,
 * from a side thread: the activity thread is busy inside the stream or the query. When the worker
 * dies the heartbeats stop and Temporal hands the activity to another worker. When Temporal answers
 * a heartbeat that this attempt is over (cancelled, timed out, or no longer known because a retry
 * runs elsewhere) the attempt's child processes and queries are stopped at once, so it never goes
 * on beside its retry, and {@link #throwIfStopped} tells the activity why.
 */
public final class Heartbeat implements AutoCloseable {
  private final AtomicLong bytes = new AtomicLong();
  private final ScheduledExecutorService timer;
  /** The heartbeats of each running attempt, innermost first: only the innermost beats. */
  private static final Map<ByteBuffer, Deque<Heartbeat>> NESTED = new ConcurrentHashMap<>();

  private final List<Runnable> onStop = new CopyOnWriteArrayList<>();
  private final ByteBuffer attempt;
  private final Deque<Heartbeat> nested;
  private volatile ActivityCompletionException stopped;

  private Heartbeat(ActivityExecutionContext context, String what, Supplier<String> progress) {
    Supplier<?> details = progress == null ? bytes::get : progress;
    attempt = ByteBuffer.wrap(context.getTaskToken());
    nested = NESTED.compute(attempt, (token, heartbeats) -> {
      Deque<Heartbeat> all = heartbeats == null ? new ConcurrentLinkedDeque<>() : heartbeats;
      all.push(this);
      return all;
    });
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "heartbeat-" + what);
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(() -> {
      if (nested.peek() != this) {
        return; // a heartbeat started inside this one tells what the attempt is doing now
      }
      try {
        context.heartbeat(details.get());
      } catch (ActivityCompletionException over) {
        nested.forEach(heartbeat -> heartbeat.stop(over));
      } catch (RuntimeException unreachable) {
        // the server could not be told: the next beat tries again, and Temporal times the attempt out if none gets through
      }
    }, 0, 3, TimeUnit.SECONDS);
  }

  /** Starts heartbeating for the current activity; each beat carries the bytes moved so far. */
  public static Heartbeat start(String what) {
    return new Heartbeat(Activity.getExecutionContext(), what, null);
  }

  /**
   * Starts heartbeating for the current activity; each beat carries the line {@code progress}
   * gives at that moment ("counted 12/40 tables: …"), for work measured in steps, not bytes.
   */
  public static Heartbeat start(String what, Supplier<String> progress) {
    return new Heartbeat(Activity.getExecutionContext(), what, progress);
  }

  /** What stops this attempt's work from outside (kills its child process, cancels its query). */
  public void onStop(Runnable action) {
    onStop.add(action);
    if (stopped != null) {
      action.run();
    }
  }

  /** Throws why Temporal ended this attempt, if it did; the activity calls it when its work fails. */
  public void throwIfStopped() {
    if (stopped != null) {
      throw stopped;
    }
  }

  private void stop(ActivityCompletionException why) {
    if (stopped != null) {
      return;
    }
    stopped = why;
    for (Runnable action : onStop) {
      try {
        action.run();
      } catch (RuntimeException e) {
        // stopping one thing must not keep the others running
      }
    }
  }

  public void add(long moreBytes) {
    bytes.addAndGet(moreBytes);
  }

  public void set(long totalBytes) {
    bytes.set(totalBytes);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    NESTED.computeIfPresent(attempt, (token, heartbeats) -> {
      heartbeats.remove(this);
      return heartbeats.isEmpty() ? null : heartbeats;
    });
  }
}
