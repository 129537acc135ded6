package io.lifeboat.workflows.notify;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * What the periodic watch checks between runs, each check sending what changed (a level crossed,
 * a condition cleared) to the configured channels, once per crossing.
 */
@ActivityInterface
public interface WatchActivities {
  /**
   * The task queues of the worker hosts polling now, {@code <queue>@<host>}, each polled only by
   * that host's workers; this worker's own alone when the server cannot list them.
   */
  List<String> watchedHostQueues();

  /**
   * Run on a host's own queue: checks the free space of the disks that host writes scratch and
   * staging data to.
   *
   * @return one line per disk: its level (ok, warning, critical) and free space
   */
  List<String> checkScratchDisks();

  /**
   * Checks every target's off-site copies against {@code notifications.replicationLag}.
   *
   * @return one line per target and location behind (nothing when the lag is not configured)
   */
  List<String> checkReplicationLags();
}
