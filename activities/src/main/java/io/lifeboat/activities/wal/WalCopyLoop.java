package io.lifeboat.activities.wal;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.WalCopyEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each off-site location's copy of the WAL archive up to date, in the worker process beside
 * the WAL receivers (which, like it, run outside Temporal: archiving is PostgreSQL's loop, not a
 * run anyone starts). One thread per location. Each file a receiver stored is copied at once by
 * itself (HEADs and the copy, no listing: a busy cluster archives a file every few seconds, and
 * listing a large archive each time would cost a LIST request per thousand files). Every
 * {@code interval}, whatever happens, a pass lists both archives from the newest file known
 * copied, which retries what failed; the first pass, and one every {@link #FULL_EVERY} passes,
 * lists them whole, which catches up after a restart. After each copy and pass it records in the
 * catalog how far the location is behind (status and the {@code lifeboat.wal.copy.*} gauges read
 * it there).
 */
public final class WalCopyLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalCopyLoop.class);
  /** One pass in this many lists both archives whole (about every 30 minutes at 30 s). */
  static final int FULL_EVERY = 60;
  /**
   * Files waiting for their own copy, at most, per location: while a location is slow or down
   * the others are left to the next pass, which lists them all in one request.
   */
  static final int QUEUED_AT_MOST = 64;

  private final List<Location> locations = new ArrayList<>();
  private final Catalog catalog;
  private final Clock clock;

  private WalCopyLoop(Catalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  /**
   * Starts one thread per location with at least one target; the first pass runs at once.
   *
   * @param targets per location's copier, the cluster targets whose WAL it takes
   */
  public static WalCopyLoop start(Map<WalCopier, List<String>> targets, Catalog catalog, Duration interval,
      Clock clock) {
    WalCopyLoop loop = new WalCopyLoop(catalog, clock);
    targets.forEach((copier, names) -> {
      if (names.isEmpty()) {
        return;
      }
      ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wal-copy-" + copier.location());
        t.setDaemon(true);
        return t;
      });
      Location location = new Location(copier, List.copyOf(names), thread, new AtomicLong(), new AtomicInteger(),
          new ConcurrentHashMap<>());
      loop.locations.add(location);
      thread.scheduleWithFixedDelay(() -> loop.pass(location), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    });
    return loop;
  }

  /** A receiver stored {@code file} of {@code target}: copy it to each location that takes the target, now. */
  public void archived(String target, WalFileName file) {
    Instant archivedAt = clock.instant();
    for (Location location : locations) {
      if (!location.targets().contains(target)) {
        continue;
      }
      if (location.queued().incrementAndGet() > QUEUED_AT_MOST) {
        location.queued().decrementAndGet(); // the next pass lists it with the others
        continue;
      }
      try {
        location.thread().execute(() -> {
          location.queued().decrementAndGet();
          record(location, target, () -> location.copier().copyArchived(target, file, archivedAt));
        });
      } catch (RejectedExecutionException e) {
        location.queued().decrementAndGet(); // shutting down: the first pass after the next start lists it
      }
    }
  }

  private void pass(Location location) {
    boolean whole = location.passes().getAndIncrement() % FULL_EVERY == 0;
    for (String target : location.targets()) {
      record(location, target, () -> whole ? location.copier().copyMissing(target, false, n -> {})
          : location.copier().catchUp(target));
    }
  }

  /** Runs one copy or pass and records where the location stands after it. */
  private void record(Location location, String target, Supplier<WalCopier.Pass> work) {
    String name = location.copier().location();
    WalCopyEntry entry;
    try {
      WalCopier.Pass pass = work.get();
      if (pass.copied() > 0) {
        LOG.debug("copied {} WAL files of target {} to {}", pass.copied(), target, name);
      }
      if (!pass.failures().isEmpty()) {
        String error = String.join("; ", pass.failures());
        LOG.warn("WAL of target {} not fully copied to {}: {}", target, name, error);
        location.errors().put(target, error);
      } else if (pass.pending() == 0) {
        location.errors().remove(target);
      }
      entry = new WalCopyEntry(target, name, pass.pending(), pass.oldestPendingAt(), pass.newestCopied(),
          clock.instant(), location.errors().get(target));
    } catch (RuntimeException e) {
      LOG.warn("WAL of target {} not copied to {}: {}", target, name, e.getMessage());
      location.errors().put(target, e.getMessage());
      entry = new WalCopyEntry(target, name, -1, null, null, clock.instant(), e.getMessage());
    }
    try {
      catalog.recordWalCopy(entry);
    } catch (RuntimeException e) {
      LOG.warn("WAL copy state of target {} at {} not recorded: {}", target, name, e.getMessage());
    }
  }

  @Override
  public void close() {
    locations.forEach(l -> l.thread().shutdownNow());
  }

  /** @param errors per target, the last failure not yet made good (the catalog's record keeps it) */
  private record Location(WalCopier copier, List<String> targets, ScheduledExecutorService thread,
      AtomicLong passes, AtomicInteger queued, Map<String, String> errors) {}
}
