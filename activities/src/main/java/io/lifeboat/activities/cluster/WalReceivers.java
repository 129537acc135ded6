package io.lifeboat.activities.cluster;

import io.lifeboat.activities.wal.WalArchive;
import io.lifeboat.activities.wal.WalArchives;
import io.lifeboat.activities.wal.WalFileName;
import io.lifeboat.activities.wal.WalPushAhead;
import io.lifeboat.activities.wal.WalReceiver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * One WAL receiver per declared cluster, for as long as the worker runs; each tells
 * {@code archived} (the off-site WAL copier) when it stored a file.
 */
public final class WalReceivers implements AutoCloseable {
  private final List<WalReceiver> receivers = new ArrayList<>();
  private final List<ExecutorService> pushes = new ArrayList<>();

  private WalReceivers() {}

  /** Starts the receivers; when one cannot start, those started are stopped and the failure says why. */
  public static WalReceivers start(ClusterTargets targets, WalArchives archives,
      BiConsumer<String, WalFileName> archived) {
    WalArchive archive = archives.primary();
    WalReceivers started = new WalReceivers();
    try {
      for (ClusterTarget target : targets.all()) {
        ClusterTarget.Wal wal = target.wal();
        WalPushAhead pushAhead = null;
        if (wal.dataDirectory() != null && wal.pushAhead() > 0) {
          ExecutorService threads = Executors.newFixedThreadPool(wal.pushAhead(), daemon("wal-push-" + target.name()));
          started.pushes.add(threads);
          Path walDirectory = wal.dataDirectory().resolve("pg_wal");
          pushAhead = new WalPushAhead(walDirectory, wal.pushAhead(), threads,
              (file, bytes) -> archive.push(target.name(), file, bytes, bytes.length));
        }
        started.receivers.add(WalReceiver.start(target.name(), new InetSocketAddress(wal.host(), wal.port()),
            wal.secret(target.name()), archives, archived, pushAhead));
      }
      return started;
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
  }

  @Override
  public void close() {
    receivers.forEach(WalReceiver::close);
    pushes.forEach(ExecutorService::shutdownNow);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
