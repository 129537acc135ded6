package io.lifeboat.activities.backup;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heartbeats the bytes a streaming activity has moved, every few seconds, from a side thread:
 * the activity thread is busy inside the stream. When the worker dies the heartbeats stop and
 * Temporal hands the activity to another worker.
 */
public final class Heartbeat implements AutoCloseable {
  private final AtomicLong bytes = new AtomicLong();
  private final ScheduledExecutorService timer;

  private Heartbeat(ActivityExecutionContext context, String what) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "heartbeat-" + what);
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(() -> {
      try {
        context.heartbeat(bytes.get());
      } catch (RuntimeException e) {
        // Cancellation or a lost server: the activity's own stream ends it; nothing to do here.
      }
    }, 0, 3, TimeUnit.SECONDS);
  }

  /** Starts heartbeating for the current activity. */
  public static Heartbeat start(String what) {
    return new Heartbeat(Activity.getExecutionContext(), what);
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
  }
}
