package io.lifeboat.activities.notify;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.NotificationRouteConfig;
import io.lifeboat.config.NotificationsConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.backup.CatalogActivities.RunRecord;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.notify.NotificationActivities;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the events of a run's end, routes each to its channels and sends it. A delivery that
 * succeeded is remembered in the activity's heartbeat details, so a retry (after another channel
 * failed) sends only what is missing. Each delivery is logged and counted in
 * {@code lifeboat_notifications_total{channel,severity,result}}. Error messages name the channel,
 * never its URL: a webhook URL is often its secret, and failures land in workflow history.
 */
public class NotificationActivitiesImpl implements NotificationActivities {
  private static final Logger log = LoggerFactory.getLogger(NotificationActivitiesImpl.class);

  private final List<NotificationRouteConfig> routes;
  private final Map<String, NotificationChannel> channels;
  private final RunEvents events;
  private final MeterRegistry metrics;

  public NotificationActivitiesImpl(NotificationsConfig config, Map<String, ? extends TargetConfig> targets,
      Catalog catalog, List<Path> scratchDirectories, Map<String, NotificationChannel> channels,
      MeterRegistry metrics, Clock clock) {
    this(config, targets, catalog, new ScratchDiskSpace(scratchDirectories), channels, metrics, clock);
  }

  NotificationActivitiesImpl(NotificationsConfig config, Map<String, ? extends TargetConfig> targets,
      Catalog catalog, ScratchDiskSpace disks, Map<String, NotificationChannel> channels, MeterRegistry metrics,
      Clock clock) {
    this.routes = List.copyOf(config.getRoutes());
    this.channels = Map.copyOf(channels);
    this.events = new RunEvents(catalog, targets, config.getAnomaly().getHistory(),
        config.getReplicationLag() == null ? null : config.getReplicationLag().toJavaDuration(), disks, clock);
    this.metrics = metrics;
  }

  @Override
  public void notifyRunStarted(RunRecord run) {
    if (!routes.isEmpty()) {
      deliver(events.atStart(run));
    }
  }

  @Override
  public void notifyRunEnded(RunRecord run, List<String> warnings) {
    if (!routes.isEmpty()) {
      deliver(events.of(run, warnings));
    }
  }

  private void deliver(List<NotificationEvent> planned) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Set<String> delivered = new LinkedHashSet<>(List.of(context.getHeartbeatDetails(String[].class).orElse(new String[0])));
    List<String> failures = new ArrayList<>();
    for (NotificationEvent event : planned) {
      for (String name : channelsFor(event)) {
        String delivery = name + " " + event.dedupKey();
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
      count(name, event, "success");
      log.info("notified {} of {} ({}): {}", name, event.name(), event.dedupKey(), event.summary());
      return true;
    } catch (RuntimeException e) {
      count(name, event, "failure");
      log.warn("notification {} ({}) not delivered to {}: {}", event.name(), event.dedupKey(), name,
          e.getMessage() == null ? e.toString() : e.getMessage());
      return false;
    }
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
