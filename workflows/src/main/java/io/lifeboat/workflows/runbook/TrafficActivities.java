package io.lifeboat.workflows.runbook;

import io.temporal.activity.ActivityInterface;

/** Sends traffic to the recovered servers, and back when a recovery is undone. Idempotent. */
@ActivityInterface
public interface TrafficActivities {
  /** Drains and disables {@code from}, enables {@code to}; returns what the load balancer reports. */
  String redirectTraffic(TrafficSwitch trafficSwitch);

  /** Undoes {@link #redirectTraffic}: the old server takes traffic again. */
  String sendTrafficBack(TrafficSwitch trafficSwitch);
}
