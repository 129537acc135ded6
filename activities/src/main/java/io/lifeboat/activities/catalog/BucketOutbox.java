package io.lifeboat.activities.catalog;

import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.BucketWrite;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.activities.storage.ObjectMissingException;
import io.lifeboat.catalog.BucketHistory.ChainedAudit;
import io.lifeboat.catalog.BucketRecords;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.manifest.Sha256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to the bucket the records the catalog queued for it (runs, audit events, verifications,
 * copies), oldest first. The catalog took them in the same transaction as the rows they mirror, so
 * an unreachable bucket delays them and loses none: a flush stops at the first failure and the
 * next one (after the next record, or the worker's periodic one) starts from there. Writing the
 * same object twice is harmless, so a flush interrupted between the write and the dequeue is too.
 *
 * <p>Nothing already in the bucket is written over wrongly. One process flushes at a time (the
 * catalog's advisory lock). An audit event is written only if its key is free (a conditional put);
 * a key holding a different event stops the flush with one error line, the event left queued.
 * Before its first write the outbox takes in the bucket's audit events the catalog lacks (a catalog
 * restored from an older dump, a new host before {@code catalog rebuild}), so new events are
 * numbered after the bucket's and chain to its last. A run's record never turns a finished run in
 * the bucket back to RUNNING.
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
  private volatile boolean caughtUp;
  private volatile String stopped;

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
   * @return how many queued records left the queue (written, or found in the bucket already)
   */
  public synchronized int flush() {
    AtomicInteger written = new AtomicInteger();
    try {
      catalog.asTheOnlyBucketWriter(() -> {
        catchUpAudit();
        writeQueued(written);
        return null;
      });
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
    return written.get();
  }

  /** Why the last flush stopped short of an empty queue although the bucket answered; empty when it did not. */
  public Optional<String> stopped() {
    return Optional.ofNullable(stopped);
  }

  private void writeQueued(AtomicInteger written) {
    for (List<BucketWrite> batch = catalog.pendingBucketWrites(BATCH); !batch.isEmpty();
        batch = catalog.pendingBucketWrites(BATCH)) {
      for (BucketWrite write : batch) {
        if (!deliver(write)) {
          return;
        }
        catalog.bucketWritten(write);
        written.incrementAndGet();
      }
    }
    stopped = null;
  }

  /** @return false when the record must not be written and stays queued */
  private boolean deliver(BucketWrite write) {
    String key = bucket.key(write.key());
    if (write.key().startsWith(BucketRecords.AUDIT)) {
      if (bucket.putIfAbsent(key, write.body()) || Arrays.equals(bucket.get(key), write.body())) {
        return true; // written now, or by an earlier flush interrupted before its dequeue
      }
      String line = "audit event " + key + " in s3://" + bucket.bucket() + " is a different event than the catalog's"
          + " of that number; it was not written over, and the catalog's waits queued with every record after it:"
          + " the catalog is behind the bucket (restored from an older dump?); `lifeboat catalog rebuild` lists the"
          + " conflicting events";
      if (!line.equals(stopped)) {
        LOG.error(line);
      }
      stopped = line;
      return false;
    }
    if (write.key().startsWith(BucketRecords.RUNS) && finishedInBucket(key)
        && BucketRecords.readRun(write.body()).status() == RunEntry.Status.RUNNING) {
      return true; // a late "started" record of a run the bucket already has finished
    }
    bucket.put(key, write.body());
    return true;
  }

  private boolean finishedInBucket(String key) {
    try {
      return BucketRecords.readRun(bucket.get(key)).status() != RunEntry.Status.RUNNING;
    } catch (ObjectMissingException none) {
      return false;
    } catch (IllegalArgumentException notARun) {
      return false; // not Lifeboat's record: ours replaces it
    }
  }

  /** Once per process, before the first write: the bucket's audit events the catalog lacks come in. */
  private void catchUpAudit() {
    if (caughtUp) {
      return;
    }
    long known = catalog.highestAuditSequence();
    List<ChainedAudit> missing = new ArrayList<>();
    for (String key : bucket.list(bucket.key(BucketRecords.AUDIT), bucket.key(BucketRecords.auditKey(known)))) {
      byte[] bytes = bucket.get(key);
      try {
        BucketRecords.AuditEvent event = BucketRecords.readAudit(bytes);
        missing.add(new ChainedAudit(event.entry(), event.previousSha256(), Sha256.of(bytes)));
      } catch (IllegalArgumentException notAnEvent) {
        LOG.warn("{} is not a Lifeboat audit event; left out (`lifeboat audit verify` checks the trail)", key);
      }
    }
    if (!missing.isEmpty()) {
      catalog.continueAuditAfter(missing).forEach(LOG::error);
      LOG.warn("the catalog lacked the bucket's audit events {} to {} (restored from an older dump, or not rebuilt"
          + " on this host yet); they are taken in, and new events follow them", missing.get(0).entry().id(),
          missing.get(missing.size() - 1).entry().id());
    }
    caughtUp = true;
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
