package io.lifeboat.activities.files;

import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.files.FileSetActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File-set backups, checks and restores as activities: the catalog finds parents, the rest streams. */
public class FileSetActivitiesImpl implements FileSetActivities {
  private static final Logger LOG = LoggerFactory.getLogger(FileSetActivitiesImpl.class);
  private static final String SCRATCH_PREFIX = "lifeboat-verify-";

  private final FileSetTargets targets;
  private final Catalog catalog;
  private final BackupStore backups;
  private final StoredBackups stored;
  private final FileSetBackup backup;
  private final FileSetRestore restore;

  public FileSetActivitiesImpl(FileSetTargets targets, Catalog catalog, BackupStore backups, StoredBackups stored,
      ArtifactWriter writer, Manifest.Encryption encryption, Map<String, String> toolVersions) {
    this.targets = targets;
    this.catalog = catalog;
    this.backups = backups;
    this.stored = stored;
    this.backup = new FileSetBackup(backups, stored, writer, encryption, toolVersions);
    this.restore = new FileSetRestore(backups, stored);
  }

  @Override
  public SourceBackupResult backupFiles(SourceBackupRequest request) {
    FileSetTarget target = targets.get(request.target());
    String manifestKey = backups.manifestKey(request.target(), target.kind(), request.backupId());
    if (backups.exists(manifestKey)) {
      // a retry after the backup completed: the same result, changes again from the indexes
      SignedManifest done = backups.readManifest(manifestKey);
      String parentId = done.manifest().parentBackupId();
      SignedManifest parent = parentId == null ? null
          : backups.readManifest(backups.manifestKey(request.target(), target.kind(), parentId));
      FileChanges changes = backup.changes(done, parent);
      return result(done.manifest(), manifestKey, changeWarnings(target, changes), changes);
    }
    List<String> warnings = new ArrayList<>();
    SignedManifest parent = parent(request.target(), target.kind(), warnings);
    try (Heartbeat heartbeat = Heartbeat.start(target.kind())) {
      FileSetBackup.Outcome outcome = backup.run(target, request.backupId(), parent,
          new Manifest.WorkflowRun(request.workflowId(), request.runId()), heartbeat::set);
      warnings.addAll(outcome.warnings());
      warnings.addAll(changeWarnings(target, outcome.changes()));
      warnings.forEach(w -> LOG.warn("backup {} of {}: {}", request.backupId(), request.target(), w));
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
    return List.of("unexpected modification since the previous backup of " + modified.size() + " file"
        + (modified.size() == 1 ? "" : "s") + ": " + String.join(", ", modified.subList(0, shown))
        + (shown < modified.size() ? ", ..." : ""));
  }

  /** The latest backup of the target, when it can be read; otherwise a full backup. */
  private SignedManifest parent(String target, String kind, List<String> warnings) {
    Optional<BackupEntry> latest = catalog.latestBackup(target, kind);
    if (latest.isEmpty()) {
      return null;
    }
    try {
      return backups.readManifest(latest.get().manifestKey());
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
        counts.bytes,
        manifest.storedBytes(), manifest.parentBackupId(), counts.summary(), List.copyOf(warnings),
        List.copyOf(changes.lines()));
  }

  @Override
  public IntegrityReport checkFiles(String backupId) {
    SignedManifest signed = stored.manifest(backupId);
    Manifest manifest = signed.manifest();
    requireFiles(manifest);
    TreeMap<String, TreeSet<String>> referenced = new TreeMap<>();
    long[] entries = {0};
    try (Heartbeat heartbeat = Heartbeat.start("check-files")) {
      long[] done = {0};
      for (Manifest.StoredObject object : manifest.objects()) {
        OutputStream sink = object.name().equals(FileIndex.OBJECT)
            ? FileIndex.reader(h -> {}, e -> {
                entries[0]++;
                if (e.isFile() && e.backup() != null && !e.backup().equals(backupId)) {
                  referenced.computeIfAbsent(e.backup(), k -> new TreeSet<>()).add(e.object());
                }
              })
            : OutputStream.nullOutputStream();
        long before = done[0];
        stored.read(signed, object, sink, bytes -> heartbeat.set(before + bytes));
        done[0] += object.storedBytes();
      }
    }
    int checked = manifest.objects().size();
    for (Map.Entry<String, TreeSet<String>> ref : referenced.entrySet()) {
      SignedManifest earlier = backups.readManifest(backups.manifestKey(manifest.target(), manifest.kind(),
          ref.getKey()));
      for (String name : ref.getValue()) {
        boolean listed = earlier.manifest().objects().stream().anyMatch(o -> o.name().equals(name));
        if (!listed || !backups.exists(earlier.objectKey(name))) {
          throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " references " + name + " of backup "
              + ref.getKey() + ", which is missing; restore another backup", FailureTypes.INTEGRITY);
        }
        checked++;
      }
    }
    return new IntegrityReport(manifest.target(), checked, manifest.storedBytes(), (int) entries[0],
        checked + " objects and references, " + manifest.storedBytes() + " bytes, " + entries[0]
            + " index entries; signature valid");
  }

  @Override
  public FilesRestoreReport restoreFiles(FilesRestoreRequest request) {
    SignedManifest signed = stored.manifest(request.backupId());
    requireFiles(signed.manifest());
    Path destination = request.destination() == null || request.destination().isBlank() ? null
        : Path.of(request.destination()).toAbsolutePath().normalize();
    try (Heartbeat heartbeat = Heartbeat.start("restore-files")) {
      return restore.run(signed, request.subPath(), destination, heartbeat::set);
    }
  }

  @Override
  public String scratchDirectory(String backupId) {
    return scratchRoot(backupId).resolve(SCRATCH_PREFIX + backupId).toString();
  }

  @Override
  public void removeScratchFiles(String backupId, String directory) {
    Path dir = Path.of(directory).toAbsolutePath().normalize();
    if (!dir.getFileName().toString().startsWith(SCRATCH_PREFIX) || !dir.startsWith(scratchRoot(backupId))) {
      throw ApplicationFailure.newNonRetryableFailure("refusing to delete " + dir + ": not a Lifeboat scratch directory",
          FailureTypes.BAD_REQUEST);
    }
    deleteTree(dir);
  }

  private Path scratchRoot(String backupId) {
    String target = stored.manifest(backupId).manifest().target();
    return targets.find(target).map(FileSetTarget::scratchDirectory)
        .orElse(Path.of(System.getProperty("java.io.tmpdir"))).toAbsolutePath().normalize();
  }

  private static void requireFiles(Manifest manifest) {
    if (!SourceKinds.FILES.equals(manifest.kind()) && !SourceKinds.CONFIG.equals(manifest.kind())) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + manifest.backupId() + " is a " + manifest.kind()
          + " backup, not a file-set backup", FailureTypes.BAD_REQUEST);
    }
  }

  /** Deletes a directory tree (not following symlinks); succeeds when it does not exist. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!Files.isSymbolicLink(p)) {
          p.toFile().setWritable(true);
        }
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
