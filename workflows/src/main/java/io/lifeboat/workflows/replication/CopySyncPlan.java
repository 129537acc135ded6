package io.lifeboat.workflows.replication;

import java.util.List;

/**
 * What a sync goes through, location by location.
 *
 * @param locations in the configuration's order
 */
public record CopySyncPlan(List<Location> locations) {
  /**
   * One location's share.
   *
   * @param unreachable why the location cannot be used now (naming its endpoint and bucket); null
   *     when it answered. An unreachable location gets nothing; the others are synced anyway.
   * @param backups how many completed backups it should hold ({@link CopySyncActivities#syncBackups}
   *     goes through them page by page: a plan stays small however many there are)
   * @param walTargets the cluster targets whose WAL archive it should hold
   */
  public record Location(String name, String unreachable, int backups, List<String> walTargets) {}
}
