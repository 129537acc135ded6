package io.lifeboat.activities.notify;

import io.lifeboat.workflows.notify.WatchActivities;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The watch's checks ({@link WatchActivities}), with the channels and condition levels of the
 * run notifications: a disk seen nearly full by a run's start and by the watch is one crossing.
 * Registered on the shared queue and on each host's own queue, so each host checks its own disks.
 */
public final class WatchActivitiesImpl implements WatchActivities {
  /** What events raised by the watch name as their run. */
  static final String RUN = "watch";

  private final NotificationActivitiesImpl notifications;
  private final List<String> targets;
  private final Supplier<List<String>> hostQueues;

  WatchActivitiesImpl(NotificationActivitiesImpl notifications, Iterable<String> targets,
      Supplier<List<String>> hostQueues) {
    this.notifications = notifications;
    List<String> names = new ArrayList<>();
    targets.forEach(names::add);
    this.targets = List.copyOf(names);
    this.hostQueues = hostQueues;
  }

  @Override
  public List<String> watchedHostQueues() {
    return hostQueues.get();
  }

  @Override
  public List<String> checkScratchDisks() {
    return notifications.deliverObserved(notifications.scratchDisks());
  }

  @Override
  public List<String> checkReplicationLags() {
    List<ConditionLevels.Observation> observed = new ArrayList<>();
    targets.forEach(target -> observed.addAll(notifications.replicationLags(target)));
    return notifications.deliverObserved(observed).stream().filter(line -> !line.startsWith("ok: ")).toList();
  }
}
