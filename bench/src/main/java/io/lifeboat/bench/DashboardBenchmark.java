package io.lifeboat.bench;

import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.worker.embedded.EmbeddedPostgres15;
import io.lifeboat.worker.embedded.EmbeddedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The dashboard's first page with a full catalog: the embedded stack (Temporal dev server, S3Proxy,
 * PostgreSQL) and the API in this JVM, the catalog holding N runs (backups of T targets, one in
 * twenty failed), and Debian's chromium (playwright-core, as the tests drive it) opening
 * {@code /dashboard/} in a fresh browser context each time. Measured in the page: from navigation
 * start to the first refresh drawn (targets with their freshness, approvals, the newest runs, the
 * drills), as an operator first sees it; each target's stored bytes follow on their own.
 *
 * <pre>bench/run dashboard [--runs 10000] [--targets 10] [--loads 5]</pre>
 */
public final class DashboardBenchmark {
  private static final Path SCRIPT = Path.of("bench/src/main/js/dashboard-first-page.mjs");

  private DashboardBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = intOption(args, "--runs", 10_000);
    int targets = intOption(args, "--targets", 10);
    int loads = Math.max(2, intOption(args, "--loads", 5)); // the first load warms the API up
    Path home = Files.createTempDirectory("lifeboat-bench-dashboard");
    try (EmbeddedStack stack = EmbeddedStack.start(home.resolve("home"), home.resolve("keys"), 0, 0)) {
      List<String> names = IntStream.range(0, targets).mapToObj(i -> "target" + i).toList();
      stack.declareTargets(names.stream().map(n -> new EmbeddedStack.Target(n, n, "1h", "15m")).toList());

      PGSimpleDataSource database = new PGSimpleDataSource();
      database.setUrl(stack.postgres().jdbcUrl(EmbeddedStack.CATALOG_DATABASE));
      database.setUser(EmbeddedPostgres15.USER);
      Catalog.migrate(database);
      Catalog catalog = new Catalog(database);
      long seeding = System.nanoTime();
      Instant now = Instant.now();
      // Eight writers at once: one commit per run, so one writer would wait on every fsync in turn.
      ExecutorService writers = Executors.newFixedThreadPool(8);
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        String target = names.get(i % targets);
        Instant started = now.minus(Duration.ofMinutes(5L * (runs - i)));
        boolean failed = i % 20 == 0;
        RunEntry run = new RunEntry(RunEntry.runId("backup:" + target, "bench-" + i), RunEntry.Type.BACKUP, target,
            null, failed ? RunEntry.Status.FAILED : RunEntry.Status.COMPLETED, started, started.plusSeconds(40), null,
            null, Duration.ofHours(1), Duration.ofMinutes(15), "bench", null, failed ? "bench: a failed backup" : null);
        writes.add(writers.submit(() -> catalog.recordRun(run)));
      }
      for (Future<?> write : writes) {
        write.get();
      }
      writers.shutdown();
      System.out.printf("catalog: %d runs of %d targets recorded in %.1f s%n", runs, targets,
          (System.nanoTime() - seeding) / 1e9);

      new LifeboatApplication().run("server", stack.configFile().toString());
      String url = stack.apiUrl() + "/dashboard/";
      Process node = new ProcessBuilder("node", SCRIPT.toString(), url, String.valueOf(loads))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(node.getInputStream().readAllBytes());
      if (!node.waitFor(5, TimeUnit.MINUTES) || node.exitValue() != 0) {
        throw new IllegalStateException("the browser failed on " + url + ": " + out);
      }
      List<Double> millis = new ArrayList<>();
      for (String line : out.strip().split("\n")) {
        millis.add(Double.parseDouble(line.strip()));
      }
      System.out.printf("%nfirst page of %s, %d runs in the catalog, fresh browser context each load%n", url, runs);
      System.out.println("| load | first refresh drawn ms |");
      System.out.println("| ---: | ---: |");
      for (int i = 0; i < millis.size(); i++) {
        System.out.printf("| %s | %.0f |%n", i == 0 ? "first (cold API)" : String.valueOf(i), millis.get(i));
      }
      List<Double> warm = new ArrayList<>(millis.subList(1, millis.size()));
      warm.sort(Double::compare);
      System.out.printf("%nmedian of the warm loads: %.0f ms%n", warm.get(warm.size() / 2));
    }
    System.exit(0); // the API's Jetty threads would keep the JVM alive
  }

  private static int intOption(String[] args, String name, int otherwise) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return otherwise;
  }
}
