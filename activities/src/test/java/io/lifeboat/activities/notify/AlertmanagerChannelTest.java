package io.lifeboat.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.config.NotificationChannelConfig;
import io.lifeboat.config.NotificationsConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed backup posted to a real Alertmanager (Debian's {@code prometheus-alertmanager},
 * installed by deploy/install-tools.sh) on a free port, then read back from its API.
 */
@Timeout(60)
class AlertmanagerChannelTest {
  private static final String BINARY = "/usr/bin/prometheus-alertmanager";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private Process alertmanager;
  private String url;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startAlertmanager() throws Exception {
    assertThat(Path.of(BINARY)).as("prometheus-alertmanager is installed by deploy/install-tools.sh").exists();
    Path config = Files.writeString(directory.resolve("alertmanager.yml"), """
        route: {receiver: nobody}
        receivers: [{name: nobody}]
        """);
    int port = freePort();
    url = "http://127.0.0.1:" + port;
    alertmanager = new ProcessBuilder(BINARY, "--config.file=" + config,
        "--storage.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=")
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("alertmanager.log").toFile())
        .start();
    waitUntilReady();
  }

  @AfterEach
  void stopAlertmanager() throws InterruptedException {
    if (alertmanager != null) {
      alertmanager.destroy();
      alertmanager.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theAlertIsListedWithItsLabelsAndAnnotations() throws Exception {
    NotificationChannelConfig.Alertmanager config = new NotificationChannelConfig.Alertmanager();
    config.setUrl(url + "/");
    NotificationsConfig notifications = new NotificationsConfig();
    notifications.setChannels(Map.of("am", config));
    NotificationChannel channel = NotificationChannels.from(notifications, http).get("am");
    NotificationEvent failed = NotificationEvents.backupFailed();
    NotificationEvent now = new NotificationEvent(failed.name(), failed.severity(), failed.target(), failed.summary(),
        failed.details(), failed.dedupKey(), failed.run(), Instant.now());

    channel.send(now);
    channel.send(now); // a retry: the same alert, not a second one

    JsonNode alerts = JSON.readTree(get("/api/v2/alerts"));
    assertThat(alerts).hasSize(1);
    JsonNode labels = alerts.get(0).get("labels");
    assertThat(labels.get("alertname").asText()).isEqualTo("LifeboatBackupFailed");
    assertThat(labels.get("event").asText()).isEqualTo("backup-failed");
    assertThat(labels.get("severity").asText()).isEqualTo("critical");
    assertThat(labels.get("target").asText()).isEqualTo("orders");
    assertThat(labels.get("dedup_key").asText()).isEqualTo("backup-failed:orders:backup:orders/run-1");
    JsonNode annotations = alerts.get(0).get("annotations");
    assertThat(annotations.get("summary").asText()).isEqualTo("backup of orders failed");
    assertThat(annotations.get("description").asText()).isEqualTo("could not connect to server: Connection refused");
    assertThat(alerts.get(0).get("status").get("state").asText()).isEqualTo("active");
  }

  private void waitUntilReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(alertmanager.isAlive()).as("alertmanager exited: %s",
          Files.exists(directory.resolve("alertmanager.log")) ? Files.readString(directory.resolve("alertmanager.log")) : "")
          .isTrue();
      try {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("alertmanager not ready within 30 s: " + Files.readString(directory.resolve("alertmanager.log")));
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
