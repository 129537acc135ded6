package io.lifeboat.activities.notify;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.NotificationRouteConfig;
import io.lifeboat.config.NotificationsConfig;
import io.lifeboat.workflows.common.FailureTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes events to their channels and sends them, from inside an activity. A delivery that
 * succeeded is remembered in the activity's heartbeat details, so a retry (after another channel
 * failed) sends only what is missing. Each delivery is logged and counted in
 * {@code lifeboat_notifications_total{channel,severity,result}}; a failed one is also kept in the
 * catalog ({@link Catalog#notificationFailures}) until the channel takes the event, which is how
 * the dashboard shows notifications failing. Error messages name the channel, never its URL: a
 * webhook URL is often its secret, and failures land in workflow history and the catalog.
 */
final class NotificationDelivery {
  private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);
  /** Longer errors are cut: a receiver may answer with a whole HTML page. */
  private static final int MAX_ERROR = 300;

  private final List<NotificationRouteConfig> routes;
  private final Map<String, NotificationChannel> channels;
  private final Catalog catalog;
  private final MeterRegistry metrics;
  private final Clock clock;

  NotificationDelivery(NotificationsConfig config, Map<String, NotificationChannel> channels, Catalog catalog,
      MeterRegistry metrics, Clock clock) {
    this.routes = List.copyOf(config.getRoutes());
    this.channels = Map.copyOf(channels);
    this.catalog = catalog;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Whether any route is configured: without one nothing is ever sent, nor checked for sending. */
  boolean routed() {
    return !routes.isEmpty();
  }

  /**
   * Sends every event to the channels its routes name.
   *
   * @throws ApplicationFailure (retryable) naming the channels that did not take their event
   */
  void deliver(List<NotificationEvent> planned) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Set<String> delivered = new LinkedHashSet<>(List.of(context.getHeartbeatDetails(String[].class).orElse(new String[0])));
    List<String> failures = new ArrayList<>();
    for (NotificationEvent event : planned) {
      for (String name : channelsFor(event)) {
        String delivery = name + " " + event.dedupKey() + (event.resolved() ? " resolved" : "");
        if (delivered.contains(delivery)) {
          continue;
        }
        if (send(name, event)) {
          delivered.add(delivery);
          context.heartbeat(delivered.toArray(String[]::new));
        } else {
          failures.add(name + " (" + event.name() + ")");
        }
      }
    }
    if (!failures.isEmpty()) {
      throw ApplicationFailure.newFailure("notifications not delivered to " + String.join(", ", failures)
          + "; the worker's log says why; retrying", FailureTypes.TOOL_FAILED);
    }
  }

  private Set<String> channelsFor(NotificationEvent event) {
    Set<String> names = new LinkedHashSet<>();
    routes.stream().filter(r -> r.takes(event.severity(), event.target())).forEach(r -> names.addAll(r.getChannels()));
    return names;
  }

  private boolean send(String name, NotificationEvent event) {
    try {
      channels.get(name).send(event);
    } catch (RuntimeException e) {
      count(name, event, "failure");
      String error = e.getMessage() == null ? e.toString() : e.getMessage();
      log.warn("notification {} ({}) not delivered to {}: {}", event.name(), event.dedupKey(), name, error);
      remember(() -> catalog.notificationFailed(name, event.dedupKey(), event.name(), event.severity().label(),
          event.target(), clock.instant(), oneLine(error)));
      return false;
    }
    count(name, event, "success");
    log.info("notified {} of {} ({}{}): {}", name, event.name(), event.dedupKey(), event.resolved() ? ", resolved" : "",
        event.summary());
    remember(() -> catalog.notificationDelivered(name, event.dedupKey()));
    return true;
  }

  /** The catalog keeps failures for the dashboard; it being down must not stop a delivery. */
  private static void remember(Runnable write) {
    try {
      write.run();
    } catch (RuntimeException e) {
      log.warn("could not record a notification delivery in the catalog: {}", e.toString());
    }
  }

  private static String oneLine(String error) {
    String line = error.replaceAll("\\s+", " ").trim();
    return line.length() <= MAX_ERROR ? line : line.substring(0, MAX_ERROR - 1) + "…";
  }

  private void count(String channel, NotificationEvent event, String result) {
    Counter.builder("lifeboat.notifications")
        .description("Notifications sent by Lifeboat, by channel, severity and result (failure: one failed attempt)")
        .tag("channel", channel)
        .tag("severity", event.severity().label())
        .tag("result", result)
        .register(metrics)
        .increment();
  }
}
