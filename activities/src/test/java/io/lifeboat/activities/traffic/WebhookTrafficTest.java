package io.lifeboat.activities.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.activities.runbook.RecordingEndpoint;
import io.lifeboat.activities.runbook.RecordingEndpoint.Answer;
import io.lifeboat.workflows.runbook.TrafficSwitch;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookTrafficTest {
  private final TrafficActivitiesImpl traffic = new TrafficActivitiesImpl(HttpClient.newHttpClient(), Duration.ofSeconds(5));

  @Test
  void postsTheSwitchAndItsReverse() throws Exception {
    try (RecordingEndpoint hook = new RecordingEndpoint(request -> new Answer(204, ""))) {
      TrafficSwitch change = new TrafficSwitch("webhook", hook.url("/switch"), "app", "primary", "standby");

      String done = traffic.redirectTraffic(change);
      traffic.sendTrafficBack(change);

      assertThat(done).isEqualTo("webhook " + hook.url("/switch") + " moved traffic from primary to standby (HTTP 204)");
      assertThat(hook.requests).hasSize(2);
      assertThat(hook.requests.get(0)).startsWith("POST /switch {")
          .contains("\"from\":\"primary\"", "\"to\":\"standby\"", "\"backend\":\"app\"");
      assertThat(hook.requests.get(1)).contains("\"from\":\"standby\"", "\"to\":\"primary\"");
    }
  }

  @Test
  void aRefusedSwitchIsRetryable() throws Exception {
    try (RecordingEndpoint hook = new RecordingEndpoint(request -> new Answer(503, "busy"))) {
      TrafficSwitch change = new TrafficSwitch("webhook", hook.url("/switch"), null, "primary", "standby");

      ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> traffic.redirectTraffic(change));

      assertThat(failure.isNonRetryable()).isFalse();
      assertThat(failure.getOriginalMessage()).isEqualTo(hook.url("/switch") + " answered 503: busy");
    }
  }
}
