package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.worker.WorkerMetricsEndpoint;
import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.worker.embedded.FreePorts;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, installed by
 * deploy/install-tools.sh) scrapes a running worker's /metrics every second, and its HTTP API is
 * asked for the outcomes of a real backup of a real PostgreSQL database and of a backup of a
 * database that cannot be reached, for their duration histogram, bytes, and the Temporal SDK's
 * own series. Nothing here reads the registry directly: only what Prometheus stored counts.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PrometheusScrapeEndToEndTest {
  private static final Duration DEADLINE = Duration.ofSeconds(40);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  /** Where Prometheus's HTTP API listens. */
  private int prometheusPort;

  @Test
  void prometheusStoresEachBackupsOutcomeOnceWithItsDurationBytesAndTheSdksSeries() throws Exception {
    int closedPort = FreePorts.any(); // nothing listens there: the "down" database cannot be reached
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of("shop"), """
              down:
                kind: postgres
                host: 127.0.0.1
                port: %d
                database: down
                user: postgres
                rpo: 1h
                rto: 15m
            """.formatted(closedPort));
        WorkerMetricsEndpoint metrics = WorkerMetricsEndpoint.serve(new InetSocketAddress("127.0.0.1", 0),
            stack.worker.meters())) {
      Process prometheus = startPrometheus(metrics.port());
      try {
        try (Connection db = stack.embedded.postgres().connect("shop")) {
          SampleDatabase.create(db, 1);
        }
        // both at once: the unreachable one fails after its retries
        WorkflowStub down =
            WorkflowStub.fromTyped(stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("down")));
        down.start(new BackupRequest("down", "metrics test", "tester"));
        BackupResult shop = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("shop"))
            .backup(new BackupRequest("shop", "metrics test", "tester"));
        assertThat(catchThrowable(() -> down.getResult(BackupResult.class)))
            .isInstanceOf(WorkflowFailedException.class);
        int api = prometheusPort;
        assertThat(valueOf(api, "lifeboat_backups_total{target=\"shop\",kind=\"postgres\",result=\"success\"}", 1))
            .isEqualTo(1);
        assertThat(valueOf(api, "lifeboat_backups_total{target=\"down\",kind=\"postgres\",result=\"failure\"}", 1))
            .isEqualTo(1);
        assertThat(valueOf(api, "sum(lifeboat_backups_total)", 2)).as("each backup counted once").isEqualTo(2);
        assertThat(valueOf(api, "lifeboat_backup_duration_seconds_count{target=\"shop\",result=\"success\"}", 1))
            .isEqualTo(1);
        assertThat(valueOf(api, "lifeboat_backup_duration_seconds_bucket{target=\"shop\",le=\"+Inf\"}", 1))
            .isEqualTo(1);
        assertThat(valueOf(api, "lifeboat_backup_bytes_total{target=\"shop\",stage=\"stored\"}",
            shop.storedBytes())).isEqualTo(shop.storedBytes());
        assertThat(valueOf(api, "lifeboat_backup_bytes_total{target=\"shop\",stage=\"raw\"}", shop.rawBytes()))
            .isEqualTo(shop.rawBytes());
        assertThat(valueOf(api, "count(temporal_request_total)", -1)).as("the SDK's own client metrics")
            .isPositive();
        assertThat(valueOf(api, "count(temporal_workflow_completed_total)", -1)).as("the SDK's worker metrics")
            .isPositive();
      } finally {
        prometheus.destroy();
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly();
        }
      }
    }
  }

  /** {@code prometheus} on a free loopback port, scraping the worker every second, its data in the test's folder. */
  private Process startPrometheus(int workerPort) throws IOException {
    prometheusPort = FreePorts.any();
    Path config = Files.writeString(dir.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: lifeboat-worker
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """.formatted(workerPort));
    return new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + prometheusPort)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
  }

  /**
   * The value of an instant query, once it reaches {@code expected} (or, with a negative
   * {@code expected}, once it has any value) or the deadline passes: then the last value seen.
   */
  private double valueOf(int port, String query, double expected) throws Exception {
    Instant deadline = Instant.now().plus(DEADLINE);
    OptionalDouble last = OptionalDouble.empty();
    while (Instant.now().isBefore(deadline)) {
      last = query(port, query);
      if (last.isPresent() && (expected < 0 || last.getAsDouble() == expected)) {
        return last.getAsDouble();
      }
      Thread.sleep(500);
    }
    if (last.isEmpty()) {
      throw new AssertionError("Prometheus has no value for " + query + " after " + DEADLINE.toSeconds() + " s; its"
          + " scrape: " + get(port, "/api/v1/targets"));
    }
    return last.getAsDouble();
  }

  private static String get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static OptionalDouble query(int port, String query) throws InterruptedException {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return OptionalDouble.empty();
      }
      JsonNode result = JSON.readTree(response.body()).path("data").path("result");
      return result.isEmpty() ? OptionalDouble.empty()
          : OptionalDouble.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
    } catch (IOException notUpYet) {
      return OptionalDouble.empty();
    }
  }
}
