package io.lifeboat.bench;

import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.metrics.ApiMetrics;
import io.lifeboat.api.resources.DrillReportBucket;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.CopyEntry;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.worker.embedded.EmbeddedPostgres15;
import io.lifeboat.worker.embedded.EmbeddedStack;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The API server's {@code GET /metrics} with many declared targets: the embedded stack (Temporal
 * dev server, S3Proxy, PostgreSQL) and the API in this JVM, T targets declared (one off-site copy
 * location holding every other one), the catalog holding a backup of each (every third verified,
 * every other one copied off-site). Each scrape reads the catalog and renders every series, as
 * Prometheus sees it.
 *
 * <p>The baseline, side by side in the same loop: the same server (Jetty, Jersey, the access
 * filter, the same HTTP client) answering a static text of the same bytes, a copy of a scrape. The
 * difference is what a scrape costs beyond serving its answer: the catalog reads and the gauges'
 * rendering. Beside it, the registry's rendering alone (no HTTP, no catalog read) splits that
 * difference in two.
 *
 * <pre>bench/run metrics [--targets 1000] [--scrapes 50]</pre>
 */
public final class MetricsScrapeBenchmark {
  private static final String OFFSITE = "offsite";

  private MetricsScrapeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int targets = intOption(args, "--targets", 1000);
    int scrapes = Math.max(5, intOption(args, "--scrapes", 50));
    java.nio.file.Path home = Files.createTempDirectory("lifeboat-bench-metrics");
    try (EmbeddedStack stack = EmbeddedStack.start(home.resolve("home"), home.resolve("keys"), 0, 0)) {
      List<String> names = IntStream.range(0, targets).mapToObj(i -> String.format("target%04d", i)).toList();
      stack.declareTargets(names.stream().map(n -> new EmbeddedStack.Target(n, n, "1h", "15m")).toList());
      addCopyLocation(stack, names);

      PGSimpleDataSource database = new PGSimpleDataSource();
      database.setUrl(stack.postgres().jdbcUrl(EmbeddedStack.CATALOG_DATABASE));
      database.setUser(EmbeddedPostgres15.USER);
      Catalog.migrate(database);
      long seeding = System.nanoTime();
      seed(new Catalog(database), names);
      System.out.printf("catalog: %d targets, a backup each, %d verified, %d copied to %s, in %.1f s%n", targets,
          (targets + 2) / 3, (targets + 1) / 2, OFFSITE, (System.nanoTime() - seeding) / 1e9);

      ApiMetrics metrics = new ApiMetrics();
      StaticText baseline = new StaticText();
      new LifeboatApplication(new DrillReportBucket(), metrics, (configuration, environment) ->
          environment.jersey().register(baseline)).run("server", stack.configFile().toString());

      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI scrape = URI.create(stack.apiUrl() + "/metrics");
      URI staticText = URI.create(stack.apiUrl() + "/bench/static-metrics");
      String body = get(http, scrape);
      baseline.text = body;
      long series = body.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
      for (int i = 0; i < 10; i++) { // warm both paths up
        get(http, scrape);
        get(http, staticText);
        metrics.registry().scrape();
      }
      List<Double> scrapeMs = new ArrayList<>();
      List<Double> staticMs = new ArrayList<>();
      List<Double> renderMs = new ArrayList<>();
      for (int i = 0; i < scrapes; i++) { // interleaved, so both see the same load on the machine
        scrapeMs.add(timed(() -> get(http, scrape)));
        staticMs.add(timed(() -> get(http, staticText)));
        renderMs.add(timed(() -> metrics.registry().scrape()));
      }
      System.out.printf("%n%d scrapes of %s: %d series, %d KiB; %d warm-up rounds before%n", scrapes, scrape, series,
          body.length() / 1024, 10);
      System.out.println("| what | median ms | p95 ms |");
      System.out.println("| --- | ---: | ---: |");
      row("GET /metrics (catalog read + render + HTTP)", scrapeMs);
      row("baseline: the same text, static, from the same server", staticMs);
      row("registry render alone, in process (no catalog read, no HTTP)", renderMs);
      System.out.printf("%nGET /metrics median / baseline median: %.1f×%n", median(scrapeMs) / median(staticMs));
    }
    System.exit(0); // the API's Jetty threads would keep the JVM alive
  }

  /** Every other target's backups are copied to one off-site location: replication-lag gauges for half of them. */
  private static void addCopyLocation(EmbeddedStack stack, List<String> names) throws Exception {
    String yaml = Files.readString(stack.configFile());
    String endpoint = line(yaml, "endpoint:");
    String bucket = line(yaml, "bucket:");
    String copied = IntStream.range(0, names.size()).filter(i -> i % 2 == 0).mapToObj(names::get)
        .reduce((a, b) -> a + ", " + b).orElse("");
    String copies = """
          copies:
            - name: %s
              endpoint: %s
              bucket: %s
              prefix: offsite
              accessKey: %s
              secretKey: %s
              afterEachBackup: false
              targets: [%s]
        """.formatted(OFFSITE, endpoint, bucket, line(yaml, "accessKey:"), line(yaml, "secretKey:"), copied);
    String anchor = line(yaml, "uploadConcurrency:");
    String marker = "  uploadConcurrency: " + anchor + "\n";
    if (!yaml.contains(marker)) {
      throw new IllegalStateException("the embedded configuration changed: no '" + marker.strip() + "' to add copies after");
    }
    Files.writeString(stack.configFile(), yaml.replace(marker, marker + copies));
  }

  /** The value of the first {@code key} line of the storage section (the embedded file has one of each). */
  private static String line(String yaml, String key) {
    return yaml.lines().map(String::strip).filter(l -> l.startsWith(key)).findFirst()
        .map(l -> l.substring(key.length()).strip())
        .orElseThrow(() -> new IllegalStateException("no " + key + " in the embedded configuration"));
  }

  /** A backup per target, as the worker indexes them; every third verified, every other one copied. */
  private static void seed(Catalog catalog, List<String> names) throws Exception {
    Instant now = Instant.now();
    ExecutorService writers = Executors.newFixedThreadPool(8); // one commit per row: one writer would wait on each fsync
    List<Future<?>> writes = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String target = names.get(i);
      int index = i;
      writes.add(writers.submit(() -> {
        Instant at = now.minus(Duration.ofMinutes(index % 120));
        String backupId = "bench-" + target;
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, backupId, target, "postgres", target, at,
            new Manifest.RecoveryPoint(at, null), Map.of("pg_dump", "15"), 1_000_000L + index, 400_000L + index,
            List.of(new Manifest.StoredObject("dump.zst.pgp", 1_000_000L + index, 400_000L + index, "ab".repeat(32))),
            new Manifest.Encryption("openpgp", List.of("FINGERPRINT"), "SIGNER"), null,
            new Manifest.WorkflowRun("backup:" + target, "bench-" + index), Map.of());
        catalog.recordBackup(manifest, manifest.folder() + Manifest.FILE_NAME, "cd".repeat(32));
        if (index % 3 == 0) {
          catalog.markVerified(backupId, at.plusSeconds(60));
        }
        if (index % 2 == 0) {
          catalog.recordCopy(new CopyEntry(backupId, OFFSITE, "bench", "offsite/" + manifest.folder() + Manifest.FILE_NAME,
              CopyEntry.Status.COPIED, at.plusSeconds(120), at.plusSeconds(120), null));
        }
        return null;
      }));
    }
    for (Future<?> write : writes) {
      write.get();
    }
    writers.shutdown();
  }

  private static String get(HttpClient http, URI uri) {
    try {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException("GET " + uri + " answered " + answer.statusCode() + ": " + answer.body());
      }
      return answer.body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double timed(Runnable action) {
    long start = System.nanoTime();
    action.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private static void row(String what, List<Double> millis) {
    System.out.printf("| %s | %.1f | %.1f |%n", what, median(millis), percentile(millis, 0.95));
  }

  private static double median(List<Double> millis) {
    return percentile(millis, 0.5);
  }

  private static double percentile(List<Double> millis, double p) {
    List<Double> sorted = new ArrayList<>(millis);
    sorted.sort(Double::compare);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static int intOption(String[] args, String name, int otherwise) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return otherwise;
  }

  /** The baseline: a copy of a scrape's text, served as-is by the same server as /metrics. */
  @Path("/bench/static-metrics")
  public static final class StaticText {
    volatile String text = "";

    @GET
    @Requires(Requires.ANYONE)
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String get() {
      return text;
    }
  }
}
