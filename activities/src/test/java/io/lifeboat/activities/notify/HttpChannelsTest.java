package io.lifeboat.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.lifeboat.config.NotificationChannelConfig;
import io.lifeboat.config.NotificationsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP channels against a receiver in the test that records what it is sent: no Slack or
 * PagerDuty can run here, so the test checks the documented request shapes (Slack's incoming
 * webhook {@code {"text"}}, PagerDuty Events API v2) as those services read them.
 */
class HttpChannelsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresToAnswer = new AtomicInteger();
  private HttpServer server;

  record Request(String path, JsonNode body) {}

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean fail = failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      if (!fail) {
        requests.add(new Request(exchange.getRequestURI().getPath(), JSON.readTree(body)));
      }
      byte[] answer = (fail ? "busy" : "ok").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(fail ? 500 : 200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopReceiver() {
    server.stop(0);
  }

  @Test
  void theWebhookReceivesTheEventWithItsDedupKey() {
    channel("hook", webhook("/hooks/lifeboat")).send(NotificationEvents.backupFailed());

    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("/hooks/lifeboat");
      assertThat(r.body().get("event").asText()).isEqualTo("backup-failed");
      assertThat(r.body().get("severity").asText()).isEqualTo("critical");
      assertThat(r.body().get("target").asText()).isEqualTo("orders");
      assertThat(r.body().get("summary").asText()).isEqualTo("backup of orders failed");
      assertThat(r.body().get("details").asText()).isEqualTo("could not connect to server: Connection refused");
      assertThat(r.body().get("dedupKey").asText()).isEqualTo("backup-failed:orders:backup:orders/run-1");
      assertThat(r.body().get("run").asText()).isEqualTo("backup:orders/run-1");
      assertThat(r.body().get("at").asText()).isEqualTo("2026-12-04T03:00:00Z");
    });
  }

  @Test
  void slackGetsOneTextWithSeveritySummaryDetailsAndDedupKey() {
    NotificationChannelConfig.Slack slack = new NotificationChannelConfig.Slack();
    slack.setUrl(url("/services/T000/B000/XXXX"));

    channel("oncall-slack", slack).send(NotificationEvents.backupFailed());

    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r.body().fieldNames()).toIterable().containsExactly("text");
      assertThat(r.body().get("text").asText()).isEqualTo(":red_circle: *CRITICAL* backup of orders failed\n"
          + "could not connect to server: Connection refused\n`backup-failed:orders:backup:orders/run-1`");
    });
  }

  @Test
  void pagerDutyGetsAnEventsV2TriggerWithTheDedupKey() {
    NotificationChannelConfig.PagerDuty pager = new NotificationChannelConfig.PagerDuty();
    pager.setUrl(url("/v2/enqueue"));
    pager.setRoutingKey("R0UT1NGKEY");

    channel("pager", pager).send(NotificationEvents.backupFailed());

    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("/v2/enqueue");
      assertThat(r.body().get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
      assertThat(r.body().get("event_action").asText()).isEqualTo("trigger");
      assertThat(r.body().get("dedup_key").asText()).isEqualTo("backup-failed:orders:backup:orders/run-1");
      JsonNode payload = r.body().get("payload");
      assertThat(payload.get("summary").asText()).isEqualTo("backup of orders failed");
      assertThat(payload.get("severity").asText()).isEqualTo("critical");
      assertThat(payload.get("source").asText()).isEqualTo("lifeboat/orders");
    });
  }

  @Test
  void aClearedConditionIsAPagerDutyResolveOfTheKeyItWasTriggeredWith() {
    NotificationChannelConfig.PagerDuty pager = new NotificationChannelConfig.PagerDuty();
    pager.setUrl(url("/v2/enqueue"));
    pager.setRoutingKey("R0UT1NGKEY");
    NotificationChannel channel = channel("pager", pager);

    channel.send(NotificationEvents.diskLow(false));
    channel.send(NotificationEvents.diskLow(true));

    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).body().get("event_action").asText()).isEqualTo("trigger");
    JsonNode resolve = requests.get(1).body();
    assertThat(resolve.fieldNames()).toIterable().containsExactlyInAnyOrder("routing_key", "event_action", "dedup_key");
    assertThat(resolve.get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
    assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
    assertThat(resolve.get("dedup_key").asText()).isEqualTo(requests.get(0).body().get("dedup_key").asText())
        .isEqualTo("disk-space-low:host-1:/dev/sda1:critical:1796356800");
  }

  @Test
  void aClearedConditionSaysResolvedOnSlackAndTheWebhook() {
    NotificationChannelConfig.Slack slack = new NotificationChannelConfig.Slack();
    slack.setUrl(url("/services/T000/B000/XXXX"));

    channel("oncall-slack", slack).send(NotificationEvents.diskLow(true));
    channel("hook", webhook("/hooks/lifeboat")).send(NotificationEvents.diskLow(true));

    assertThat(requests.get(0).body().get("text").asText()).isEqualTo(":large_green_circle: *RESOLVED* scratch disk"
        + " of /tmp on host-1 has 45.0% free\nThe disk /dev/sda1 holding /tmp on host-1 has 450 of 1000 bytes free."
        + "\n`disk-space-low:host-1:/dev/sda1:critical:1796356800`");
    assertThat(requests.get(1).body().get("resolved").asBoolean()).isTrue();
    assertThat(requests.get(1).body().get("event").asText()).isEqualTo("disk-space-low");
  }

  @Test
  void aReceiverThatAnswers500FailsTheSendWithoutShowingTheSecretUrl() {
    failuresToAnswer.set(1);
    NotificationChannelConfig.Slack slack = new NotificationChannelConfig.Slack();
    slack.setUrl(url("/services/T000/B000/SECRET"));

    Throwable thrown = catchThrowable(() -> channel("oncall-slack", slack).send(NotificationEvents.backupFailed()));

    assertThat(thrown).hasMessage("the channel's URL answered 500: busy");
    assertThat(requests).isEmpty();
  }

  private NotificationChannelConfig.Webhook webhook(String path) {
    NotificationChannelConfig.Webhook hook = new NotificationChannelConfig.Webhook();
    hook.setUrl(url(path));
    return hook;
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static NotificationChannel channel(String name, NotificationChannelConfig config) {
    NotificationsConfig notifications = new NotificationsConfig();
    notifications.setChannels(Map.of(name, config));
    return NotificationChannels.from(notifications, HttpClient.newHttpClient()).get(name);
  }
}
