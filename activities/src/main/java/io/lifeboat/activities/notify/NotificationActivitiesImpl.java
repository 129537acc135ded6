package io.lifeboat.activities.notify;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.config.NotificationsConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.backup.CatalogActivities.RunRecord;
import io.lifeboat.workflows.notify.NotificationActivities;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Plans the events of a run's start and end and delivers them ({@link NotificationDelivery}).
 * Lasting conditions a run checks (its scratch disks at the start, its target's off-site copies at
 * the end) go through {@link ConditionLevels}, as the watch's do: one notification per crossing.
 */
public class NotificationActivitiesImpl implements NotificationActivities {
  private final NotificationDelivery delivery;
  private final RunEvents events;
  private final ConditionLevels levels;
  private final ScratchDiskSpace disks;
  private final ReplicationLags lags;
  private final String host;

  /**
   * @param host this worker's host name: its scratch disks are conditions of that host
   */
  public NotificationActivitiesImpl(NotificationsConfig config, Map<String, ? extends TargetConfig> targets,
      Catalog catalog, List<Path> scratchDirectories, Map<String, NotificationChannel> channels,
      MeterRegistry metrics, Clock clock, String host) {
    this(config, targets, catalog, new ScratchDiskSpace(scratchDirectories), channels, metrics, clock, host);
  }

  NotificationActivitiesImpl(NotificationsConfig config, Map<String, ? extends TargetConfig> targets,
      Catalog catalog, ScratchDiskSpace disks, Map<String, NotificationChannel> channels, MeterRegistry metrics,
      Clock clock, String host) {
    this.delivery = new NotificationDelivery(config, channels, catalog, metrics, clock);
    this.events = new RunEvents(catalog, targets, config.getAnomaly().getHistory(), clock);
    this.levels = new ConditionLevels(catalog, clock);
    this.disks = disks;
    this.lags = new ReplicationLags(catalog,
        config.getReplicationLag() == null ? null : config.getReplicationLag().toJavaDuration());
    this.host = host;
  }

  @Override
  public void notifyRunStarted(RunRecord run) {
    if (delivery.routed() && RunEvents.writesScratch(run)) {
      deliver(List.of(), disks.observe(host), runKey(run));
    }
  }

  @Override
  public void notifyRunEnded(RunRecord run, List<String> warnings) {
    if (delivery.routed()) {
      deliver(events.of(run, warnings), RunEvents.movesCopies(run) ? lags.observe(run.target()) : List.of(),
          runKey(run));
    }
  }

  /**
   * The watch's checks, sharing this worker's channels and condition levels.
   *
   * @param hostQueues the worker hosts' own task queues polling now
   */
  public WatchActivitiesImpl watch(Iterable<String> targets, Supplier<List<String>> hostQueues) {
    return new WatchActivitiesImpl(this, targets, hostQueues);
  }

  /** One line per observation, for the watch's report. */
  List<String> deliverObserved(List<ConditionLevels.Observation> observed) {
    if (delivery.routed()) {
      deliver(List.of(), observed, WatchActivitiesImpl.RUN);
    }
    return observed.stream().map(o -> (o.severity() == null ? "ok" : o.severity().label()) + ": " + o.summary())
        .toList();
  }

  List<ConditionLevels.Observation> scratchDisks() {
    return disks.observe(host);
  }

  List<ConditionLevels.Observation> replicationLags(String target) {
    return lags.observe(target);
  }

  /** Run events first, then what the conditions call for; their levels are marked once all was delivered. */
  private void deliver(List<NotificationEvent> runEvents, List<ConditionLevels.Observation> observed, String run) {
    ConditionLevels.Plan plan = observed.isEmpty() ? new ConditionLevels.Plan(List.of(), List.of())
        : levels.plan(observed, run);
    List<NotificationEvent> all = new ArrayList<>(runEvents);
    all.addAll(plan.events());
    delivery.deliver(all);
    levels.delivered(plan);
  }

  private static String runKey(RunRecord run) {
    return RunEntry.runId(run.workflowId(), run.runId());
  }
}
