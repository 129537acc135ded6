package io.lifeboat.bench;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.lifeboat.worker.embedded.FreePorts;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.sources.TargetRef;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A restore onto new infrastructure, side by side in one run: a database backed up from one
 * server is restored into a freshly initialised cluster (a second PostgreSQL server that has never
 * seen it) by Lifeboat's RestoreWorkflow ({@code to: host:port}: identify, inspect, checksum,
 * restore beside with the roles the data needs, row counts, swap in), against the break-glass
 * stream {@code gpg -d dump.zst.pgp | zstd -d | pg_restore --single-transaction} of the same
 * stored object, in alternating order. {@code pg_restore -j2} from a local, already decrypted dump
 * file is reported beside them (the fastest a restore of this dump can be on this machine; no
 * streaming, no checks). Run with {@code bench/run fresh-restore}.
 */
public final class FreshClusterRestoreBenchmark {
  private static final String INTO = "restored";

  private int sizeMb = 1000;
  private int runs = 3;
  private final Path folder = Path.of("bench/target/postgres");

  public static void main(String[] args) throws Exception {
    FreshClusterRestoreBenchmark benchmark = new FreshClusterRestoreBenchmark();
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--size-mb" -> benchmark.sizeMb = Integer.parseInt(args[i + 1]);
        case "--runs" -> benchmark.runs = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see bench/run --help");
      }
    }
    benchmark.run();
    System.exit(0); // the embedded services' threads are not daemons
  }

  private void run() throws Exception {
    Path freshDir = Path.of("/tmp/lifeboat-bench-fresh-cluster");
    BenchCluster fresh = BenchCluster.open(freshDir, FreePorts.any(), List.of("fsync = off", "archive_mode = off"));
    fresh.start();
    try (EmbeddedStack stack = EmbeddedStack.start(folder.resolve("stack"), folder.resolve("keys"), 0, 0)) {
      String database = BenchDatabases.sample(stack, sizeMb, folder);
      stack.declareTargets(List.of(new EmbeddedStack.Target("bench", database, "1h", "1h")));
      LifeboatConfiguration config = LifeboatConfigLoader.load(stack.configFile());
      LifeboatWorker worker = new LifeboatWorker(config, new MetricRegistry());
      worker.start();
      TemporalConnection temporal = TemporalConnection.open(config.getTemporal());
      WorkflowClient client = temporal.client();
      String taskQueue = config.getTemporal().getTaskQueue();
      long databaseBytes;
      try (Connection db = stack.postgres().connect(database);
          ResultSet rs = db.createStatement().executeQuery("SELECT pg_database_size(current_database())")) {
        rs.next();
        databaseBytes = rs.getLong(1);
      }
      BackupResult backup = client.newWorkflowStub(BackupWorkflow.class, WorkflowOptions.newBuilder()
              .setTaskQueue(taskQueue).setWorkflowId(BackupWorkflow.workflowId("bench")).build())
          .backup(new BackupRequest("bench", "benchmark", "bench"));
      Path stored = stack.home().resolve("s3").resolve(EmbeddedStack.BUCKET)
          .resolve(backup.manifestKey().replace("manifest.json", "dump.zst.pgp"));
      Path gnupgHome = Files.createTempDirectory("bench-gnupg");
      Bash.run(gnupgHome, "gpg --batch --quiet --import " + folder.resolve("keys/backup.sec.asc"));
      String psql = "psql -q -h 127.0.0.1 -p " + fresh.port + " -U postgres -d postgres -c ";
      String recreate = psql + "'DROP DATABASE IF EXISTS " + INTO + "' && " + psql + "'CREATE DATABASE " + INTO + "'";
      String shell = "gpg --batch --quiet --decrypt " + stored + " | zstd -d -q | pg_restore -h 127.0.0.1 -p "
          + fresh.port + " -U postgres --exit-on-error --single-transaction -d " + INTO;
      Path localDump = folder.resolve("local.dump");
      Bash.run(gnupgHome, "gpg --batch --quiet --decrypt " + stored + " | zstd -d -q > " + localDump);
      String parallel = "pg_restore -j2 -h 127.0.0.1 -p " + fresh.port + " -U postgres --exit-on-error -d " + INTO
          + " " + localDump;

      System.out.printf(Locale.ROOT, "database %s: %.0f MB on disk, dump %.0f MB, %.0f MB stored; into a fresh"
          + " cluster on port %d; %d runs, alternating order%n", database, databaseBytes / 1e6, backup.rawBytes() / 1e6,
          backup.storedBytes() / 1e6, fresh.port, runs);
      List<Double> shellTimes = new ArrayList<>();
      List<Double> lifeboatTimes = new ArrayList<>();
      List<Double> parallelTimes = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        for (int side = 0; side < 2; side++) {
          Bash.run(gnupgHome, recreate);
          if ((side == 0) == (run % 2 == 0)) {
            long start = System.nanoTime();
            Bash.run(gnupgHome, shell);
            double s = (System.nanoTime() - start) / 1e9;
            shellTimes.add(s);
            System.out.printf(Locale.ROOT, "  run %d shell     %6.2f s%n", run + 1, s);
          } else {
            Bash.run(gnupgHome, psql + "'DROP DATABASE " + INTO + "'");
            RestoreRequest request = new RestoreRequest(TargetRef.of("bench"), backup.backupId(), INTO, false, false,
                null, "bench", null, false, "127.0.0.1:" + fresh.port, false, false);
            RestoreWorkflow restore = client.newWorkflowStub(RestoreWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue).setWorkflowId("bench-fresh-restore-" + run).build());
            long start = System.nanoTime();
            restore.restore(request);
            double s = (System.nanoTime() - start) / 1e9;
            lifeboatTimes.add(s);
            System.out.printf(Locale.ROOT, "  run %d lifeboat  %6.2f s  (%s)%n", run + 1, s, Runs.steps(restore.progress()));
          }
        }
        Bash.run(gnupgHome, recreate);
        long start = System.nanoTime();
        Bash.run(gnupgHome, parallel);
        double s = (System.nanoTime() - start) / 1e9;
        parallelTimes.add(s);
        System.out.printf(Locale.ROOT, "  run %d pg_restore -j2 from a local file  %6.2f s%n", run + 1, s);
      }
      Bash.run(gnupgHome, psql + "'DROP DATABASE IF EXISTS " + INTO + "'");
      Files.deleteIfExists(localDump);
      double shellMedian = Runs.median(shellTimes);
      double lifeboatMedian = Runs.median(lifeboatTimes);
      System.out.printf(Locale.ROOT, "median: shell %.2f s, lifeboat %.2f s; lifeboat/shell wall time = %.2f"
          + " (target <= 1.15); pg_restore -j2 from a local file %.2f s%n", shellMedian, lifeboatMedian,
          lifeboatMedian / shellMedian, Runs.median(parallelTimes));
      worker.stop();
      temporal.stop();
    } finally {
      fresh.stop();
    }
  }
}
