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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * End-to-end PostgreSQL backup, side by side in one run: the shell pipeline
 * {@code pg_dump -Fc -Z0 | zstd -1 -T2 | gpg --encrypt -z 0 > file} against Lifeboat's
 * BackupWorkflow (snapshot, pg_dump, zstd, OpenPGP, SHA-256, multipart upload to S3Proxy, signed
 * manifest, catalog) on the embedded stack, over the same database. Run with {@code bench/run postgres}.
 *
 * <p>{@code --codec both} instead runs Lifeboat twice side by side, with the payload codec
 * ({@code temporal.payloadKeys}: every workflow and activity payload encrypted) and without it, each
 * on its own worker and task queue, in alternating order, and reports the ratio: the codec's cost
 * on a backup whose bytes never pass through Temporal. {@code --codec off} runs the shell against
 * Lifeboat without the codec.
 */
public final class PostgresBackupBenchmark {
  private static final String PLAIN_QUEUE = "lifeboat-plain";

  private int sizeMb = 1000;
  private int runs = 3;
  private String codec = "on";
  private final Path folder = Path.of("bench/target/postgres");

  public static void main(String[] args) throws Exception {
    PostgresBackupBenchmark benchmark = new PostgresBackupBenchmark();
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--size-mb" -> benchmark.sizeMb = Integer.parseInt(args[i + 1]);
        case "--runs" -> benchmark.runs = Integer.parseInt(args[i + 1]);
        case "--codec" -> benchmark.codec = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see bench/run --help");
      }
    }
    if (!List.of("on", "off", "both").contains(benchmark.codec)) {
      throw new IllegalArgumentException("--codec is '" + benchmark.codec + "'; expected on, off or both");
    }
    benchmark.run();
    System.exit(0); // the embedded services' threads are not daemons
  }

  /** One way of taking the backup, timed by the loop. */
  private interface Side {
    /** Runs one backup and returns what to print after its time. */
    String run() throws Exception;
  }

  private void run() throws Exception {
    DirectoryTrees.delete(folder.resolve("stack/s3"));
    try (EmbeddedStack stack = EmbeddedStack.start(folder.resolve("stack"), folder.resolve("keys"), 0, 0)) {
      String database = BenchDatabases.sample(stack, sizeMb, folder);
      stack.declareTargets(List.of(new EmbeddedStack.Target("bench", database, "1h", "1h")));
      long databaseBytes;
      try (Connection db = stack.postgres().connect(database);
          ResultSet rs = db.createStatement().executeQuery("SELECT pg_database_size(current_database())")) {
        rs.next();
        databaseBytes = rs.getLong(1);
      }
      List<LifeboatWorker> workers = new ArrayList<>();
      List<TemporalConnection> connections = new ArrayList<>();
      Map<String, Side> sides = new LinkedHashMap<>();
      Path shellOut = folder.resolve("shell.dump.zst.pgp");
      if (!codec.equals("both")) {
        sides.put("shell", shell(stack, database, shellOut));
      }
      if (!codec.equals("off")) {
        sides.put(codec.equals("both") ? "codec" : "lifeboat",
            lifeboat(LifeboatConfigLoader.load(stack.configFile()), workers, connections));
      }
      if (!codec.equals("on")) {
        LifeboatConfiguration plain = LifeboatConfigLoader.load(stack.configFile());
        plain.getTemporal().setPayloadKeys(new ArrayList<>());
        plain.getTemporal().setTaskQueue(PLAIN_QUEUE); // its own worker: a codec worker cannot read plain results
        sides.put(codec.equals("both") ? "plain" : "lifeboat", lifeboat(plain, workers, connections));
      }

      System.out.printf(Locale.ROOT, "database %s: %.0f MB on disk; %d runs of %s, alternating order%n",
          database, databaseBytes / 1e6, runs, String.join(" and ", sides.keySet()));
      List<String> names = new ArrayList<>(sides.keySet());
      Map<String, List<Double>> times = new LinkedHashMap<>();
      names.forEach(name -> times.put(name, new ArrayList<>()));
      for (int run = 0; run < runs; run++) {
        for (int k = 0; k < names.size(); k++) {
          String name = names.get((k + run) % names.size());
          long start = System.nanoTime();
          String said = sides.get(name).run();
          double s = (System.nanoTime() - start) / 1e9;
          times.get(name).add(s);
          System.out.printf(Locale.ROOT, "  run %d %-9s %6.2f s  (%s)%n", run + 1, name, s, said);
        }
      }
      if (codec.equals("both")) {
        double codecMedian = Runs.median(times.get("codec"));
        double plainMedian = Runs.median(times.get("plain"));
        System.out.printf(Locale.ROOT, "median: with the payload codec %.2f s, without %.2f s; codec/plain wall"
            + " time = %.3f (expected: no measurable change)%n", codecMedian, plainMedian, codecMedian / plainMedian);
      } else {
        double shellMedian = Runs.median(times.get("shell"));
        double lifeboatMedian = Runs.median(times.get("lifeboat"));
        System.out.printf(Locale.ROOT, "median: shell %.2f s, lifeboat (codec %s) %.2f s; lifeboat/shell wall time ="
            + " %.2f (target <= 1.00)%n", shellMedian, codec, lifeboatMedian, lifeboatMedian / shellMedian);
      }
      Files.deleteIfExists(shellOut);
      for (LifeboatWorker worker : workers) {
        worker.stop();
      }
      for (TemporalConnection connection : connections) {
        connection.stop();
      }
    }
  }

  private Side shell(EmbeddedStack stack, String database, Path shellOut) throws Exception {
    Path gnupgHome = Files.createTempDirectory("bench-gnupg");
    Path publicKey = folder.resolve("keys/backup.pub.asc");
    Bash.run(gnupgHome, "gpg --batch --quiet --import " + publicKey);
    String recipient = Bash.run(gnupgHome, "gpg --batch --with-colons --list-keys | awk -F: '/^fpr/ {print $10; exit}'")
        .strip();
    String shell = "pg_dump -h 127.0.0.1 -p " + stack.postgres().port() + " -U postgres -Fc -Z0 " + database
        + " | zstd -1 -T2 -q | gpg --batch --encrypt -z 0 --trust-model always -r " + recipient + " > " + shellOut;
    return () -> {
      Bash.run(gnupgHome, shell);
      return String.format(Locale.ROOT, "%.0f MB written", Files.size(shellOut) / 1e6);
    };
  }

  /** A worker of its own for {@code config}, and a backup through it. */
  private static Side lifeboat(LifeboatConfiguration config, List<LifeboatWorker> workers,
      List<TemporalConnection> connections) throws Exception {
    LifeboatWorker worker = new LifeboatWorker(config, new MetricRegistry());
    worker.start();
    workers.add(worker);
    TemporalConnection temporal = TemporalConnection.open(config.getTemporal());
    connections.add(temporal);
    return () -> {
      BackupWorkflow backup = temporal.client().newWorkflowStub(BackupWorkflow.class, WorkflowOptions.newBuilder()
          .setTaskQueue(config.getTemporal().getTaskQueue()).setWorkflowId(BackupWorkflow.workflowId("bench"))
          .build());
      BackupResult result = backup.backup(new BackupRequest("bench", "benchmark", "bench"));
      return String.format(Locale.ROOT, "%.0f MB dump, %.0f MB stored", result.rawBytes() / 1e6,
          result.storedBytes() / 1e6);
    };
  }
}
