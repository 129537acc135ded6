package io.lifeboat.bench;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.files.DirectoryTrees;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end PostgreSQL backup, side by side in one run: the shell pipeline
 * {@code pg_dump -Fc -Z0 | zstd -1 -T2 | gpg --encrypt -z 0 > file} against Lifeboat's
 * BackupWorkflow (snapshot, pg_dump, zstd, OpenPGP, SHA-256, multipart upload to S3Proxy, signed
 * manifest, catalog) on the embedded stack, over the same database. Run with {@code bench/run postgres}.
 */
public final class PostgresBackupBenchmark {
  private int sizeMb = 1000;
  private int runs = 3;
  private final Path folder = Path.of("bench/target/postgres");

  public static void main(String[] args) throws Exception {
    PostgresBackupBenchmark benchmark = new PostgresBackupBenchmark();
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
    DirectoryTrees.delete(folder.resolve("stack/s3"));
    try (EmbeddedStack stack = EmbeddedStack.start(folder.resolve("stack"), folder.resolve("keys"), 0, 0)) {
      String database = BenchDatabases.sample(stack, sizeMb, folder);
      stack.declareTargets(List.of(new EmbeddedStack.Target("bench", database, "1h", "1h")));
      LifeboatConfiguration config = LifeboatConfigLoader.load(stack.configFile());
      LifeboatWorker worker = new LifeboatWorker(config, new MetricRegistry());
      worker.start();
      TemporalConnection temporal = TemporalConnection.open(config.getTemporal());
      long databaseBytes;
      try (Connection db = stack.postgres().connect(database);
          ResultSet rs = db.createStatement().executeQuery("SELECT pg_database_size(current_database())")) {
        rs.next();
        databaseBytes = rs.getLong(1);
      }
      Path gnupgHome = Files.createTempDirectory("bench-gnupg");
      Path publicKey = folder.resolve("keys/backup.pub.asc");
      Bash.run(gnupgHome, "gpg --batch --quiet --import " + publicKey);
      String recipient = Bash.run(gnupgHome, "gpg --batch --with-colons --list-keys | awk -F: '/^fpr/ {print $10; exit}'")
          .strip();
      Path shellOut = folder.resolve("shell.dump.zst.pgp");
      String shell = "pg_dump -h 127.0.0.1 -p " + stack.postgres().port() + " -U postgres -Fc -Z0 " + database
          + " | zstd -1 -T2 -q | gpg --batch --encrypt -z 0 --trust-model always -r " + recipient + " > " + shellOut;

      System.out.printf(Locale.ROOT, "database %s: %.0f MB on disk; %d runs, alternating order%n",
          database, databaseBytes / 1e6, runs);
      List<Double> shellTimes = new ArrayList<>();
      List<Double> lifeboatTimes = new ArrayList<>();
      long raw = 0;
      long stored = 0;
      for (int run = 0; run < runs; run++) {
        for (int side = 0; side < 2; side++) {
          boolean shellFirst = run % 2 == 0;
          if ((side == 0) == shellFirst) {
            long start = System.nanoTime();
            Bash.run(gnupgHome, shell);
            double s = (System.nanoTime() - start) / 1e9;
            shellTimes.add(s);
            System.out.printf(Locale.ROOT, "  run %d shell     %6.2f s  (%.0f MB written)%n", run + 1, s,
                Files.size(shellOut) / 1e6);
          } else {
            BackupWorkflow backup = temporal.client().newWorkflowStub(BackupWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(config.getTemporal().getTaskQueue()).setWorkflowId(BackupWorkflow.workflowId("bench"))
                .build());
            long start = System.nanoTime();
            BackupResult result = backup.backup(new BackupRequest("bench", "benchmark", "bench"));
            double s = (System.nanoTime() - start) / 1e9;
            lifeboatTimes.add(s);
            raw = result.rawBytes();
            stored = result.storedBytes();
            System.out.printf(Locale.ROOT, "  run %d lifeboat  %6.2f s  (%.0f MB dump, %.0f MB stored)%n", run + 1, s,
                raw / 1e6, stored / 1e6);
          }
        }
      }
      double shellMedian = Runs.median(shellTimes);
      double lifeboatMedian = Runs.median(lifeboatTimes);
      System.out.printf(Locale.ROOT, "median: shell %.2f s, lifeboat %.2f s; lifeboat/shell wall time = %.2f "
          + "(target <= 1.00); dump %.0f MB -> %.0f MB stored%n", shellMedian, lifeboatMedian,
          lifeboatMedian / shellMedian, raw / 1e6, stored / 1e6);
      Files.deleteIfExists(shellOut);
      worker.stop();
      temporal.stop();
    }
  }
}
