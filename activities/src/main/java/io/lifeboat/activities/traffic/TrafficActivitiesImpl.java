package io.lifeboat.activities.traffic;

import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.TrafficActivities;
import io.lifeboat.workflows.runbook.TrafficSwitch;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/** Moves traffic with the provider a runbook names: haproxy's runtime API, a webhook or Route 53. */
public class TrafficActivitiesImpl implements TrafficActivities {
  private final HaproxyTraffic haproxy;
  private final WebhookTraffic webhook;
  private final Route53Traffic route53;

  public TrafficActivitiesImpl() {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), Duration.ofSeconds(30));
  }

  /** Route 53 with the worker's own AWS credentials (the default provider chain). */
  public TrafficActivitiesImpl(HttpClient http, Duration settleWithin) {
    this(http, settleWithin,
        () -> Route53Client.builder().region(Region.AWS_GLOBAL).httpClientBuilder(ApacheHttpClient.builder()).build(),
        Duration.ofMinutes(3));
  }

  /**
   * @param settleWithin how long a server may take to take traffic once enabled
   * @param dnsSettleWithin how long a Route 53 change may take to be INSYNC
   */
  public TrafficActivitiesImpl(HttpClient http, Duration settleWithin, Supplier<Route53Client> route53,
      Duration dnsSettleWithin) {
    this.haproxy = new HaproxyTraffic(settleWithin);
    this.webhook = new WebhookTraffic(http);
    this.route53 = new Route53Traffic(route53, dnsSettleWithin);
  }

  @Override
  public String redirectTraffic(TrafficSwitch trafficSwitch) {
    return switch (trafficSwitch.provider()) {
      case "haproxy" -> haproxy.redirect(trafficSwitch);
      case "webhook" -> webhook.redirect(trafficSwitch);
      case "route53" -> route53.redirect(trafficSwitch);
      default -> throw ApplicationFailure.newNonRetryableFailure(
          "unknown traffic provider " + trafficSwitch.provider() + "; expected haproxy, webhook or route53",
          FailureTypes.BAD_REQUEST);
    };
  }

  /** The same switch the other way round: the old server takes traffic again. */
  @Override
  public String sendTrafficBack(TrafficSwitch trafficSwitch) {
    return redirectTraffic(trafficSwitch.reversed());
  }
}
