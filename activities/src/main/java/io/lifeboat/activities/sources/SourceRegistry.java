package io.lifeboat.activities.sources;

import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.TargetRef;
import io.temporal.failure.ApplicationFailure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which {@link Source} serves a target (by its configured kind, and whether one schema of it is
 * meant) or a backup (by its storage kind in the catalog). The one place that knows the kinds.
 */
public final class SourceRegistry {
  private final Map<String, String> targetKinds;
  private final Catalog catalog;
  private final Map<String, Source> wholeTargets = new HashMap<>();
  private final Map<String, Source> perSchema = new HashMap<>();
  private final Map<String, Source> byBackupKind = new HashMap<>();

  /**
   * @param targetKinds every configured target's kind, by target name
   */
  public SourceRegistry(Map<String, String> targetKinds, Catalog catalog, List<Source> sources) {
    this.targetKinds = new TreeMap<>(targetKinds);
    this.catalog = catalog;
    for (Source source : sources) {
      Source clash = (source.perSchema() ? perSchema : wholeTargets).put(source.targetKind(), source);
      if (clash != null) {
        throw new IllegalArgumentException("two sources serve targets of kind " + source.targetKind());
      }
      source.backupKinds().forEach(kind -> {
        if (byBackupKind.put(kind, source) != null) {
          throw new IllegalArgumentException("two sources read backups of kind " + kind);
        }
      });
    }
  }

  /** The configured kind of a target; unknown targets are refused, naming the declared ones. */
  public String targetKind(String target) {
    String kind = targetKinds.get(target);
    if (kind == null) {
      throw ApplicationFailure.newNonRetryableFailure("unknown target '" + target + "'; declared targets: "
          + (targetKinds.isEmpty() ? "none" : String.join(", ", targetKinds.keySet()))
          + " — add it under 'targets:' in the configuration", FailureTypes.UNKNOWN_TARGET);
    }
    return kind;
  }

  /** The source of a target, or of one schema of it. */
  public Source of(TargetRef ref) {
    String kind = targetKind(ref.target());
    Source source = (ref.schema() == null ? wholeTargets : perSchema).get(kind);
    if (source == null && ref.schema() != null) {
      throw ApplicationFailure.newNonRetryableFailure("target " + ref.target() + " is of kind " + kind + "; only"
          + " PostgreSQL targets have schemas to back up and restore one by one: leave out the schema",
          FailureTypes.BAD_REQUEST);
    }
    if (source == null) {
      throw ApplicationFailure.newNonRetryableFailure("target " + ref.target() + " is of kind " + kind
          + ", which this worker cannot back up or restore; update the worker", FailureTypes.BAD_REQUEST);
    }
    return source;
  }

  /** The source that wrote a backup, from its kind in the catalog. */
  public Source ofBackup(String backupId) {
    BackupEntry backup = catalog.findBackup(backupId).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "backup " + backupId + " is not in the catalog; `lifeboat backups` lists known backups and"
            + " `lifeboat catalog rebuild` re-indexes the bucket", FailureTypes.BACKUP_NOT_FOUND));
    Source source = byBackupKind.get(backup.kind());
    if (source == null) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " is of kind " + backup.kind()
          + ", which this worker cannot read; update the worker", FailureTypes.BAD_REQUEST);
    }
    return source;
  }
}
