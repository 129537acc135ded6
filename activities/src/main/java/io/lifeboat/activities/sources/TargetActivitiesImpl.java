package io.lifeboat.activities.sources;

import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.restore.RestoreActivities.ResolvedBackup;
import io.lifeboat.workflows.sources.TargetActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Kinds of the configured targets and of the catalog's backups; backups by selector. */
public class TargetActivitiesImpl implements TargetActivities {
  private static final String BEFORE = "before:";

  private final Map<String, TargetConfig> targets;
  private final Catalog catalog;

  public TargetActivitiesImpl(Map<String, TargetConfig> targets, Catalog catalog) {
    this.targets = new TreeMap<>(targets);
    this.catalog = catalog;
  }

  @Override
  public String targetKind(String target) {
    return declared(target).kind();
  }

  @Override
  public String backupKind(String backupId) {
    return catalog.findBackup(backupId).map(BackupEntry::kind).orElseThrow(() ->
        ApplicationFailure.newNonRetryableFailure("backup " + backupId + " is not in the catalog; `lifeboat backups`"
            + " lists known backups and `lifeboat catalog rebuild` re-indexes the bucket", FailureTypes.BACKUP_NOT_FOUND));
  }

  @Override
  public ResolvedBackup resolveSourceBackup(String target, String kind, String selector) {
    TargetConfig declared = declared(target);
    String wanted = selector == null || selector.isBlank() ? "latest" : selector.strip();
    Optional<BackupEntry> found;
    if (wanted.equals("latest")) {
      found = catalog.latestBackup(target, kind);
    } else if (wanted.startsWith(BEFORE)) {
      found = catalog.latestBackupBefore(target, kind, instant(wanted.substring(BEFORE.length())));
    } else {
      found = catalog.findBackup(wanted).filter(b -> b.target().equals(target) && b.kind().equals(kind));
    }
    BackupEntry backup = found.orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "no " + kind + " backup of target " + target + " matches '" + wanted + "'; `lifeboat backups` lists them",
        FailureTypes.BACKUP_NOT_FOUND));
    return new ResolvedBackup(backup.backupId(), target, backup.recoveryPoint(),
        declared.getRpo().toMilliseconds(), declared.getRto().toMilliseconds());
  }

  private TargetConfig declared(String target) {
    TargetConfig config = targets.get(target);
    if (config == null) {
      throw ApplicationFailure.newNonRetryableFailure("unknown target '" + target + "'; declared targets: "
          + (targets.isEmpty() ? "none" : String.join(", ", targets.keySet()))
          + " — add it under 'targets:' in the configuration", FailureTypes.UNKNOWN_TARGET);
    }
    return config;
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw ApplicationFailure.newNonRetryableFailure("'" + text + "' is not an ISO-8601 instant such as "
          + "2026-11-20T02:00:00Z", FailureTypes.BAD_REQUEST);
    }
  }
}
