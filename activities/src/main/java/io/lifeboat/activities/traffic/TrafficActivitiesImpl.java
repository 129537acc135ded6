package io.lifeboat.activities.traffic;

import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.TrafficActivities;
import io.lifeboat.workflows.runbook.TrafficSwitch;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Duration;

/** Moves traffic with the provider a runbook names: haproxy's runtime API or a webhook. */
public class TrafficActivitiesImpl implements TrafficActivities {
  private final HaproxyTraffic haproxy;
  private final WebhookTraffic webhook;

  public TrafficActivitiesImpl() {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), Duration.ofSeconds(30));
  }

  /** @param settleWithin how long a server may take to take traffic once enabled */
  public TrafficActivitiesImpl(HttpClient http, Duration settleWithin) {
    this.haproxy = new HaproxyTraffic(settleWithin);
    this.webhook = new WebhookTraffic(http);
  }

  @Override
  public String redirectTraffic(TrafficSwitch trafficSwitch) {
    return switch (trafficSwitch.provider()) {
      case "haproxy" -> haproxy.redirect(trafficSwitch);
      case "webhook" -> webhook.redirect(trafficSwitch);
      default -> throw ApplicationFailure.newNonRetryableFailure(
          "unknown traffic provider " + trafficSwitch.provider() + "; expected haproxy or webhook",
          FailureTypes.BAD_REQUEST);
    };
  }

  /** The same switch the other way round: the old server takes traffic again. */
  @Override
  public String sendTrafficBack(TrafficSwitch trafficSwitch) {
    return redirectTraffic(trafficSwitch.reversed());
  }
}
