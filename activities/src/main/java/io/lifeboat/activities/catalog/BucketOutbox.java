package io.lifeboat.activities.catalog;

import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.BucketWrite;
import io.lifeboat.catalog.Catalog;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to the bucket the records the catalog queued for it (runs, audit events, verifications,
 * copies), oldest first. The catalog took them in the same transaction as the rows they mirror, so
 * an unreachable bucket delays them and loses none: a flush stops at the first failure and the
 * next one (after the next record, or the worker's periodic one) starts from there. Writing the
 * same object twice is harmless, so a flush interrupted between the write and the dequeue is too.
 */
public final class BucketOutbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BucketOutbox.class);
  private static final int BATCH = 100;

  private final Catalog catalog;
  private final ObjectStore bucket;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread flusher = new Thread(r, "bucket-outbox");
    flusher.setDaemon(true);
    return flusher;
  });
  private final AtomicBoolean flushQueued = new AtomicBoolean();
  private volatile boolean failing;

  public BucketOutbox(Catalog catalog, ObjectStore bucket) {
    this.catalog = catalog;
    this.bucket = bucket;
  }

  /**
   * Flushes on the outbox's own thread and returns at once: the caller (an activity recording a
   * run) must not wait for a bucket that may be slow or unreachable. Calls while one is queued fold into it.
   */
  public void flushSoon() {
    if (flushQueued.compareAndSet(false, true)) {
      thread.execute(() -> {
        flushQueued.set(false);
        flush();
      });
    }
  }

  /**
   * Writes what is queued; never throws, because the record itself is safe in the catalog.
   *
   * @return how many objects were written
   */
  public synchronized int flush() {
    int written = 0;
    try {
      for (List<BucketWrite> batch = catalog.pendingBucketWrites(BATCH); !batch.isEmpty();
          batch = catalog.pendingBucketWrites(BATCH)) {
        for (BucketWrite write : batch) {
          bucket.put(bucket.key(write.key()), write.body());
          catalog.bucketWritten(write);
          written++;
        }
      }
      if (failing) {
        LOG.info("the bucket {} takes Lifeboat's records again; the queued ones are written", bucket.bucket());
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) { // once per outage, not once per record
        LOG.warn("records queued for the bucket {} stay in the catalog until it can be written: {}", bucket.bucket(),
            e.getMessage());
      }
      failing = true;
    }
    return written;
  }

  /** Also flushes every {@code seconds}, until closed: records queued by another process (the API's audit) go too. */
  public BucketOutbox every(long seconds) {
    thread.scheduleWithFixedDelay(this::flush, 0, seconds, TimeUnit.SECONDS);
    return this;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
