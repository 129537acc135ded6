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
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Base backup of one PostgreSQL 15 cluster (pgbench data, ~1.5 GB at the default scale), side by
 * side in one run, alternating order: Lifeboat's BackupWorkflow on a {@code postgres-cluster}
 * target (pg_basebackup, zstd 1, OpenPGP, SHA-256, S3Proxy, signed manifest, WAL check),
 * {@code pgbackrest backup --type=full} with compress-type=zst compress-level=1 process-max=2 into
 * a local repository (no encryption), and the shell pipeline
 * {@code pg_basebackup -Ft -D - -X none | zstd -1 -T2 | gpg -e}. The cluster is kept in
 * /tmp/lifeboat-bench/basebackup between runs. Run with {@code bench/run basebackup}.
 */
public final class BaseBackupBenchmark {
  private int scale = 100;
  private int runs = 3;
  private final Path root = Path.of("/tmp/lifeboat-bench/basebackup");
  private final Path client = Path.of("deploy/lifeboat-wal").toAbsolutePath();

  public static void main(String[] args) throws Exception {
    BaseBackupBenchmark benchmark = new BaseBackupBenchmark();
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--scale" -> benchmark.scale = Integer.parseInt(args[i + 1]);
        case "--runs" -> benchmark.runs = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see bench/run --help");
      }
    }
    benchmark.run();
    System.exit(0); // the embedded services' threads are not daemons
  }

  private void run() throws Exception {
    Files.createDirectories(root);
    BenchCluster.reachable(root);
    Path secret = root.resolve("wal-secret");
    BenchCluster.write(secret, "bench-secret\n");
    boolean fresh = !Files.exists(root.resolve("cluster/data/PG_VERSION"));
    BenchCluster cluster = BenchCluster.open(root.resolve("cluster"), FreePorts.any(), List.of());
    Path pgbackrest = pgBackRest(cluster);
    int receiverPort = FreePorts.any();
    Bash.run(root, "rm -rf " + root.resolve("stack/s3"));
    try (EmbeddedStack stack = EmbeddedStack.start(root.resolve("stack"), root.resolve("keys"), 0, 0)) {
      Files.writeString(stack.configFile(), Files.readString(stack.configFile()).replace("targets: {}\n", """
          targets:
            bench:
              kind: postgres-cluster
              host: 127.0.0.1
              port: %d
              user: postgres
              walArchive: {listen: "127.0.0.1:%d", secretFile: %s}
              rpo: 5m
              rto: 1h
          """.formatted(cluster.port, receiverPort, secret)));
      LifeboatConfiguration config = LifeboatConfigLoader.load(stack.configFile());
      LifeboatWorker worker = new LifeboatWorker(config, new MetricRegistry());
      worker.start();
      TemporalConnection temporal = TemporalConnection.open(config.getTemporal());
      cluster.start();
      // both archives get every segment: each side's backup checks its own archive
      cluster.archiveCommand(client + " -s " + secret + " -u http://127.0.0.1:" + receiverPort + " push bench %p %f"
          + " && pgbackrest --config=" + pgbackrest + " --stanza=bench archive-push %p");
      if (fresh) {
        System.out.printf("creating the pgbench database at scale %d (once; kept in %s)%n", scale, root);
        Bash.run(root, "pgbench -h 127.0.0.1 -p " + cluster.port + " -U postgres -i -q -s " + scale + " postgres");
      }
      BenchCluster.asPostgres("pgbackrest --config=" + pgbackrest + " --stanza=bench stanza-create");
      Path gnupgHome = Files.createTempDirectory("bench-gnupg");
      Bash.run(gnupgHome, "gpg --batch --quiet --import " + root.resolve("keys/backup.pub.asc"));
      String recipient = Bash.run(gnupgHome, "gpg --batch --with-colons --list-keys | awk -F: '/^fpr/ {print $10; exit}'")
          .strip();
      Path shellOut = root.resolve("shell.tar.zst.pgp");
      Map<String, String> commands = new LinkedHashMap<>();
      commands.put("pgbackrest", "runuser -u postgres -- pgbackrest --config=" + pgbackrest
          + " --stanza=bench --type=full --start-fast backup");
      commands.put("shell", "pg_basebackup -h 127.0.0.1 -p " + cluster.port + " -U postgres -D - -Ft -X none -c fast"
          + " | zstd -1 -T2 -q | gpg --batch --encrypt -z 0 --trust-model always -r " + recipient + " > " + shellOut);
      commands.put("lifeboat", null);

      System.out.printf(Locale.ROOT, "cluster: %.2f GB; %d runs, order rotating%n", cluster.bytes() / 1e9, runs);
      Map<String, List<Double>> times = new LinkedHashMap<>();
      List<String> order = new ArrayList<>(commands.keySet());
      long stored = 0;
      for (int run = 0; run < runs; run++) {
        for (String side : order) {
          long start = System.nanoTime();
          if (side.equals("lifeboat")) {
            BackupResult result = temporal.client().newWorkflowStub(BackupWorkflow.class, WorkflowOptions.newBuilder()
                    .setTaskQueue(config.getTemporal().getTaskQueue()).setWorkflowId(BackupWorkflow.workflowId("bench"))
                    .build())
                .backup(new BackupRequest("bench", "benchmark", "bench"));
            stored = result.storedBytes();
          } else {
            Bash.run(gnupgHome, commands.get(side));
          }
          double s = (System.nanoTime() - start) / 1e9;
          times.computeIfAbsent(side, k -> new ArrayList<>()).add(s);
          System.out.printf(Locale.ROOT, "  run %d %-10s %6.2f s%n", run + 1, side, s);
        }
        order.add(order.remove(0));
      }
      double lifeboat = Runs.median(times.get("lifeboat"));
      System.out.printf(Locale.ROOT, "median: lifeboat %.2f s (%.0f MB stored), pgbackrest %.2f s, shell %.2f s;"
          + " lifeboat/pgbackrest = %.2f (target <= 1.00), lifeboat/shell = %.2f%n", lifeboat, stored / 1e6,
          Runs.median(times.get("pgbackrest")), Runs.median(times.get("shell")), lifeboat / Runs.median(times.get("pgbackrest")),
          lifeboat / Runs.median(times.get("shell")));
      Files.deleteIfExists(shellOut);
      BenchCluster.asPostgres("pgbackrest --config=" + pgbackrest + " --stanza=bench --repo1-retention-full=1 expire");
      cluster.archiveCommand("");
      cluster.stop();
      worker.stop();
      temporal.stop();
    } finally {
      cluster.stop();
    }
  }

  private Path pgBackRest(BenchCluster cluster) throws Exception {
    Path conf = root.resolve("pgbackrest.conf");
    BenchCluster.write(conf, String.join("\n", "[global]", "repo1-path=" + root.resolve("pgbackrest-repo"),
        "log-path=" + root.resolve("pgbackrest-log"), "lock-path=" + root.resolve("pgbackrest-lock"),
        "compress-type=zst", "compress-level=1", "process-max=2", "log-level-console=warn", "", "[bench]",
        "pg1-path=" + cluster.data, "pg1-socket-path=" + cluster.dir, "pg1-port=" + cluster.port, "", ""));
    for (String dir : List.of("pgbackrest-repo", "pgbackrest-log", "pgbackrest-lock")) {
      Files.createDirectories(root.resolve(dir));
    }
    BenchCluster.reachable(root);
    return conf;
  }
}
