package io.lifeboat.activities.wal;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.WalCopyEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each off-site location's copy of the WAL archive up to date, in the worker process beside
 * the WAL receivers (which, like it, run outside Temporal: archiving is PostgreSQL's loop, not a
 * run anyone starts). One thread per location: a pass as soon as a receiver stored a file, and
 * one every {@code interval} whatever happens, which retries what failed and catches up after a
 * restart. After each pass it records in the catalog how far the location is behind (status and
 * the {@code lifeboat.wal.copy.*} gauges read it there).
 */
public final class WalCopyLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalCopyLoop.class);

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
      Location location = new Location(copier, List.copyOf(names), thread, new AtomicBoolean());
      loop.locations.add(location);
      thread.scheduleWithFixedDelay(() -> loop.pass(location), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    });
    return loop;
  }

  /** A receiver stored a file of {@code target}: copy it soon (one pass queued per location at most). */
  public void archived(String target) {
    for (Location location : locations) {
      if (location.targets().contains(target) && location.queued().compareAndSet(false, true)) {
        try {
          location.thread().execute(() -> {
            location.queued().set(false);
            pass(location);
          });
        } catch (RuntimeException e) {
          location.queued().set(false); // shutting down
        }
      }
    }
  }

  private void pass(Location location) {
    for (String target : location.targets()) {
      WalCopyEntry entry;
      try {
        WalCopier.Pass pass = location.copier().copyMissing(target, false, n -> {});
        if (pass.copied() > 0) {
          LOG.debug("copied {} WAL files of target {} to {}", pass.copied(), target, location.copier().location());
        }
        String error = pass.failures().isEmpty() ? null : String.join("; ", pass.failures());
        if (error != null) {
          LOG.warn("WAL of target {} not fully copied to {}: {}", target, location.copier().location(), error);
        }
        entry = new WalCopyEntry(target, location.copier().location(), pass.pending(), pass.oldestPendingAt(),
            pass.newestCopied(), clock.instant(), error);
      } catch (RuntimeException e) {
        LOG.warn("WAL of target {} not copied to {}: {}", target, location.copier().location(), e.getMessage());
        entry = new WalCopyEntry(target, location.copier().location(), -1, null, null, clock.instant(),
            e.getMessage());
      }
      try {
        catalog.recordWalCopy(entry);
      } catch (RuntimeException e) {
        LOG.warn("WAL copy state of target {} at {} not recorded: {}", target, location.copier().location(),
            e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    locations.forEach(l -> l.thread().shutdownNow());
  }

  private record Location(WalCopier copier, List<String> targets, ScheduledExecutorService thread,
      AtomicBoolean queued) {}
}
