package io.lifeboat.bench;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.lifeboat.worker.embedded.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * WAL archiving, side by side in one run on one PostgreSQL 15 cluster: how fast each
 * {@code archive_command} drains a backlog of ready segments. For each side a backlog of real
 * WAL (rows of random text) is written with archiving paused, then the side's command is set
 * and the time until {@code pg_stat_archiver} reports the backlog's last segment is measured.
 * Sides: Lifeboat's {@code lifeboat-wal} with the receiver pushing ahead, Lifeboat one segment
 * at a time, pgBackRest's asynchronous and synchronous {@code archive-push}, and its asynchronous
 * push into an encrypted repository. Lifeboat encrypts (OpenPGP) and stores into S3Proxy;
 * pgBackRest compresses (zstd 1) into a local repository. Run with {@code bench/run wal}.
 */
public final class WalArchiveBenchmark {
  private static final long SEGMENT = 16L << 20;
  private int segments = 120;
  private int runs = 2;
  private final Path root = Path.of("/tmp/lifeboat-bench/wal");
  private final Path client = Path.of("deploy/lifeboat-wal").toAbsolutePath();

  public static void main(String[] args) throws Exception {
    WalArchiveBenchmark benchmark = new WalArchiveBenchmark();
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--segments" -> benchmark.segments = Integer.parseInt(args[i + 1]);
        case "--runs" -> benchmark.runs = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see bench/run --help");
      }
    }
    benchmark.run();
    System.exit(0); // the embedded services' threads are not daemons
  }

  private void run() throws Exception {
    Bash.run(Path.of("/tmp"), "rm -rf " + root);
    Files.createDirectories(root);
    BenchCluster.reachable(root);
    Path secret = root.resolve("wal-secret");
    BenchCluster.write(secret, "bench-secret\n");
    BenchCluster cluster = BenchCluster.open(root.resolve("cluster"), FreePorts.any(), List.of("archive_command = ''"));
    Path pgbackrest = pgBackRest(cluster);
    // As Lifeboat does, pgBackRest encrypting what it stores (its own AES-256-CBC, a passphrase)...
    List<String> encryption = List.of("repo1-cipher-type=aes-256-cbc", "repo1-cipher-pass=bench-passphrase");
    Path encrypted = pgBackRest(cluster, "pgbackrest-encrypted", encryption);
    // ...and also into S3Proxy in this process, as Lifeboat stores (pgBackRest speaks S3 over TLS only).
    S3Proxy s3 = httpsS3Proxy(root.resolve("pgbackrest-s3"));
    List<String> s3Repository = new ArrayList<>(encryption);
    s3Repository.addAll(List.of("repo1-type=s3", "repo1-s3-bucket=" + S3_BUCKET, "repo1-s3-endpoint=127.0.0.1",
        "repo1-storage-port=" + s3.getSecurePort(), "repo1-s3-region=us-east-1", "repo1-s3-key=" + S3_KEY,
        "repo1-s3-key-secret=" + S3_SECRET, "repo1-s3-uri-style=path", "repo1-storage-verify-tls=n"));
    Path toS3 = pgBackRest(cluster, "pgbackrest-s3", s3Repository);
    int syncPort = FreePorts.any();
    int aheadPort = FreePorts.any();
    try (EmbeddedStack stack = EmbeddedStack.start(root.resolve("stack"), root.resolve("keys"), 0, 0)) {
      Files.writeString(stack.configFile(), Files.readString(stack.configFile()).replace("targets: {}\n", """
          targets:
            wal-sync:
              kind: postgres-cluster
              host: 127.0.0.1
              port: %1$d
              user: postgres
              walArchive: {listen: "127.0.0.1:%2$d", secretFile: %3$s, pushAhead: 0}
              rpo: 5m
              rto: 1h
            wal-ahead:
              kind: postgres-cluster
              host: 127.0.0.1
              port: %1$d
              user: postgres
              walArchive: {listen: "127.0.0.1:%4$d", secretFile: %3$s, dataDirectory: %5$s, pushAhead: 3}
              rpo: 5m
              rto: 1h
          """.formatted(cluster.port, syncPort, secret, aheadPort, cluster.data)));
      LifeboatConfiguration config = LifeboatConfigLoader.load(stack.configFile());
      LifeboatWorker worker = new LifeboatWorker(config, new MetricRegistry());
      worker.start();
      cluster.start();
      BenchCluster.asPostgres("pgbackrest --config=" + pgbackrest + " --stanza=bench stanza-create");
      BenchCluster.asPostgres("pgbackrest --config=" + encrypted + " --stanza=bench stanza-create");
      BenchCluster.asPostgres("pgbackrest --config=" + toS3 + " --stanza=bench stanza-create");
      String push = client + " -s " + secret + " -u http://127.0.0.1:";
      Map<String, String> sides = new LinkedHashMap<>();
      sides.put("lifeboat, push-ahead 3", push + aheadPort + " push wal-ahead %p %f");
      sides.put("lifeboat, one at a time", push + syncPort + " push wal-sync %p %f");
      sides.put("pgbackrest async", "pgbackrest --config=" + pgbackrest + " --stanza=bench --archive-async"
          + " --process-max=2 archive-push %p");
      sides.put("pgbackrest sync", "pgbackrest --config=" + pgbackrest + " --stanza=bench archive-push %p");
      sides.put("pgbackrest async, encrypted", "pgbackrest --config=" + encrypted + " --stanza=bench --archive-async"
          + " --process-max=2 archive-push %p");
      sides.put("pgbackrest async, enc., S3", "pgbackrest --config=" + toS3 + " --stanza=bench --archive-async"
          + " --process-max=2 archive-push %p");
      cluster.execute("CREATE TABLE filler (id bigint, a text, b text)");
      System.out.printf(Locale.ROOT, "backlog of %d segments (16 MiB) per side, %d runs%n", segments, runs);
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      for (int run = 0; run < runs; run++) {
        for (Map.Entry<String, String> side : sides.entrySet()) {
          double rate = drain(cluster, side.getValue());
          rates.computeIfAbsent(side.getKey(), k -> new ArrayList<>()).add(rate);
          System.out.printf(Locale.ROOT, "  run %d %-28s %6.1f segments/s%n", run + 1, side.getKey(), rate);
        }
      }
      System.out.println("best of runs:");
      rates.forEach((side, values) -> System.out.printf(Locale.ROOT, "  %-28s %6.1f segments/s (%.0f MB/s)%n", side,
          values.stream().mapToDouble(Double::doubleValue).max().orElse(0),
          values.stream().mapToDouble(Double::doubleValue).max().orElse(0) * SEGMENT / 1e6));
      cluster.archiveCommand("");
      cluster.stop();
      worker.stop();
    } finally {
      cluster.stop();
    }
  }

  /** Writes a backlog with archiving paused, then times {@code command} draining it. */
  private double drain(BenchCluster cluster, String command) throws Exception {
    cluster.archiveCommand("");
    cluster.execute("TRUNCATE filler");
    String first = cluster.query("SELECT pg_walfile_name(pg_current_wal_lsn())");
    long rows = segments * 85_000L; // about 16 MiB of WAL per 85,000 rows of two md5 texts
    cluster.execute("INSERT INTO filler SELECT g, md5(g::text || random()::text), md5(random()::text)"
        + " FROM generate_series(1, " + rows + ") g");
    String last = cluster.query("SELECT pg_walfile_name(pg_current_wal_lsn())");
    cluster.execute("SELECT pg_switch_wal()");
    long backlog = number(last) - number(first) + 1;
    cluster.archiveCommand(command);
    long busyBefore = machineBusyTicks();
    long start = System.nanoTime();
    cluster.execute("SELECT pg_switch_wal()"); // wakes the archiver
    long deadline = start + 600_000_000_000L;
    while (true) {
      String archived = cluster.query("SELECT last_archived_wal FROM pg_stat_archiver");
      if (archived != null && archived.length() == 24 && archived.compareTo(last) >= 0) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("`" + command + "` did not drain the backlog within 10 minutes; "
            + cluster.query("SELECT failed_count || ' failures, last ' || coalesce(last_failed_wal, '-')"
            + " FROM pg_stat_archiver"));
      }
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMillis = (machineBusyTicks() - busyBefore) * 10.0 / backlog; // USER_HZ is 100 on Linux
    System.out.printf(Locale.ROOT, "    %d segments in %.2f s, machine CPU %.0f ms per segment%n", backlog, seconds,
        cpuMillis);
    return backlog / seconds;
  }

  /** CPU time the whole machine spent busy so far (all processes, user + system), in ticks of /proc/stat. */
  private static long machineBusyTicks() throws IOException {
    String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long busy = 0;
    for (int i = 1; i < cpu.length; i++) {
      if (i != 4 && i != 5) { // idle, iowait
        busy += Long.parseLong(cpu[i]);
      }
    }
    return busy;
  }

  private static long number(String segment) {
    return Long.parseLong(segment.substring(8, 16), 16) * 256 + Long.parseLong(segment.substring(16, 24), 16);
  }

  /** pgBackRest's configuration: a local repository, zstd level 1, as in its benchmark settings. */
  private static final String S3_BUCKET = "pgbackrest";
  private static final String S3_KEY = "bench";
  private static final String S3_SECRET = "bench-secret";

  /** S3Proxy over HTTPS (a self-signed certificate made with keytool) on a folder, bucket made. */
  private static S3Proxy httpsS3Proxy(Path folder) throws Exception {
    Files.createDirectories(folder.resolve(S3_BUCKET));
    Path keyStore = folder.getParent().resolve("s3proxy.p12");
    Files.deleteIfExists(keyStore);
    Bash.run(folder.getParent(), "keytool -genkeypair -alias s3proxy -keyalg RSA -keysize 2048 -validity 7"
        + " -dname CN=127.0.0.1 -storetype PKCS12 -keystore " + keyStore + " -storepass bench-store"
        + " -keypass bench-store");
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(folder.toAbsolutePath().toString()))
        .secureEndpoint(URI.create("https://127.0.0.1:0"))
        .keyStore(keyStore.toString(), "bench-store")
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_KEY, S3_SECRET)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    return proxy;
  }

  private Path pgBackRest(BenchCluster cluster) throws Exception {
    return pgBackRest(cluster, "pgbackrest", List.of());
  }

  /**
   * A pgBackRest configuration of its own (repository, spool, lock and log folders named after
   * {@code name}), zstd level 1, plus {@code extra} global settings.
   */
  private Path pgBackRest(BenchCluster cluster, String name, List<String> extra) throws Exception {
    Path conf = root.resolve(name + ".conf");
    List<String> lines = new ArrayList<>(List.of("[global]", "repo1-path=" + root.resolve(name + "-repo"),
        "log-path=" + root.resolve(name + "-log"), "lock-path=" + root.resolve(name + "-lock"),
        "spool-path=" + root.resolve(name + "-spool"), "compress-type=zst", "compress-level=1",
        "log-level-console=warn"));
    lines.addAll(extra);
    lines.addAll(List.of("", "[bench]", "pg1-path=" + cluster.data, "pg1-socket-path=" + cluster.dir,
        "pg1-port=" + cluster.port, "", ""));
    BenchCluster.write(conf, String.join("\n", lines));
    for (String dir : List.of("-repo", "-log", "-lock", "-spool")) {
      Files.createDirectories(root.resolve(name + dir));
    }
    BenchCluster.reachable(root);
    return conf;
  }
}
