package io.lifeboat.api;

import io.lifeboat.api.wire.TargetStatus;
import io.lifeboat.api.wire.TargetStatus.BackupAge;
import io.lifeboat.api.wire.TargetStatus.Objectives;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.TargetConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How fresh each configured target's backups are, from the catalog. One read path for the
 * targets endpoint and the age gauges, so both always agree.
 */
public final class TargetStatuses {
  private final Map<String, TargetConfig> targets;
  private final Catalog catalog;
  private final Clock clock;

  public TargetStatuses(Map<String, TargetConfig> targets, Catalog catalog, Clock clock) {
    this.targets = targets;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** Every configured target, in the configuration's order. */
  public List<TargetStatus> all() {
    return targets.entrySet().stream().map(e -> of(e.getKey(), e.getValue())).toList();
  }

  private TargetStatus of(String name, TargetConfig target) {
    Duration rpo = target.getRpo().toJavaDuration();
    Optional<BackupAge> newest = catalog.latestBackup(name).map(this::age);
    Optional<BackupAge> newestVerified = catalog.latestVerifiedBackup(name).map(this::age);
    boolean rpoBreached = newest.map(b -> b.ageSeconds() > rpo.toSeconds()).orElse(true);
    return new TargetStatus(name, target.kind(), new Objectives(rpo, target.getRto().toJavaDuration()),
        newest.orElse(null), newestVerified.orElse(null), rpoBreached);
  }

  private BackupAge age(BackupEntry backup) {
    long ageSeconds = Duration.between(backup.recoveryPoint(), clock.instant()).toSeconds();
    return new BackupAge(backup.backupId(), backup.recoveryPoint(), backup.verifiedAt(), ageSeconds);
  }
}
