package io.lifeboat.workflows.notify;

import io.lifeboat.workflows.backup.CatalogActivities.RunRecord;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Lifeboat's own notifications (failed runs, RPO breached, anomalies, routine success), sent to the
 * channels the configuration routes them to. Each event carries a dedup key, the same across
 * retries, so a receiver that saw it once can drop the repeat.
 */
@ActivityInterface
public interface NotificationActivities {
  /** Sends what the start of {@code run} calls for: its scratch disks nearly full. */
  void notifyRunStarted(RunRecord run);

  /**
   * Sends what the end of {@code run} (as recorded in the catalog) calls for; nothing when no
   * route takes it.
   *
   * @param warnings what the run's steps said to look at (a backup's "unexpected modification"
   *     of a configuration tree), by path and count only: never data or secrets
   */
  void notifyRunEnded(RunRecord run, List<String> warnings);
}
