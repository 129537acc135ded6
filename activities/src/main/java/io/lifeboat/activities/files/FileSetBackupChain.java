package io.lifeboat.activities.files;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.RecordedManifest;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backups of a file set as a chain: each new one reuses the content of the unchanged files of
 * the latest backup the catalog knows (a full backup when there is none, or it is unreadable). A
 * retry after the backup was stored returns it, with its changes read again from the two indexes.
 */
final class FileSetBackupChain {
  private static final Logger LOG = LoggerFactory.getLogger(FileSetBackupChain.class);

  private final Catalog catalog;
  private final BackupStore backups;
  private final FileSetBackup backup;

  FileSetBackupChain(Catalog catalog, BackupStore backups, FileSetBackup backup) {
    this.catalog = catalog;
    this.backups = backups;
    this.backup = backup;
  }

  SourceBackupResult backup(FileSetTarget target, SourceBackupRequest request) {
    String manifestKey = backups.manifestKey(target.name(), target.kind(), request.backupId());
    if (backups.exists(manifestKey)) {
      SignedManifest done = backups.readManifest(manifestKey);
      String parentId = done.manifest().parentBackupId();
      SignedManifest parent = parentId == null ? null
          : backups.readManifest(backups.manifestKey(target.name(), target.kind(), parentId));
      FileChanges changes = backup.changes(done, parent);
      return result(done.manifest(), manifestKey, changeWarnings(target, changes), changes);
    }
    List<String> warnings = new ArrayList<>();
    SignedManifest parent = parent(target, warnings);
    try (Heartbeat heartbeat = Heartbeat.start(target.kind())) {
      FileSetBackup.Outcome outcome = backup.run(target, request.backupId(), parent,
          new Manifest.WorkflowRun(request.workflowId(), request.runId()), heartbeat::set);
      warnings.addAll(outcome.warnings());
      warnings.addAll(changeWarnings(target, outcome.changes()));
      warnings.forEach(w -> LOG.warn("backup {} of {}: {}", request.backupId(), target.name(), w));
      return result(outcome.manifest(), outcome.manifestKey(), warnings, outcome.changes());
    }
  }

  /**
   * A configuration tree is not expected to change behind the operator's back: each modified file
   * is a warning (by path only; the content is never logged). Other file sets change all the time.
   */
  private static List<String> changeWarnings(FileSetTarget target, FileChanges changes) {
    if (!SourceKinds.CONFIG.equals(target.kind()) || changes.modified().isEmpty()) {
      return List.of();
    }
    List<String> modified = changes.modified();
    int shown = Math.min(modified.size(), 20);
    return List.of(FileChanges.UNEXPECTED_MODIFICATION + modified.size() + " file"
        + (modified.size() == 1 ? "" : "s") + ": " + String.join(", ", modified.subList(0, shown))
        + (shown < modified.size() ? ", ..." : ""));
  }

  /** The latest backup of the target, when it can be read; otherwise none (a full backup). */
  private SignedManifest parent(FileSetTarget target, List<String> warnings) {
    Optional<BackupEntry> latest = catalog.latestBackup(target.name(), target.kind());
    if (latest.isEmpty()) {
      return null;
    }
    BackupEntry entry = latest.get();
    try {
      // the one recorded: a manifest swapped in the bucket must not decide what the new backup references
      return new RecordedManifest(entry.backupId(), entry.target(), entry.kind(), entry.manifestSha256())
          .check(backups.readManifest(entry.manifestKey()), entry.manifestKey());
    } catch (ApplicationFailure e) {
      warnings.add("previous backup " + latest.get().backupId() + " is unusable (" + e.getOriginalMessage()
          + "); this backup stores every file");
      return null;
    }
  }

  private static SourceBackupResult result(Manifest manifest, String manifestKey, List<String> warnings,
      FileChanges changes) {
    FileCounts counts = FileCounts.of(manifest.rowCounts());
    return new SourceBackupResult(manifest.backupId(), manifest.kind(), manifestKey, manifest.recoveryPoint().time(),
        counts.bytes, manifest.storedBytes(), manifest.parentBackupId(), counts.summary(), List.copyOf(warnings),
        List.copyOf(changes.lines()));
  }
}
