package io.lifeboat.activities.etcd;

import io.etcd.jetcd.Client;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.activities.services.ShellCommand;
import io.lifeboat.activities.sources.BackupSelector;
import io.lifeboat.activities.sources.FreeSpace;
import io.lifeboat.activities.sources.Source;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.files.DirectoryTrees;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An etcd cluster, backed up as a Maintenance-API snapshot and restored into a NEW data directory
 * (never over one that holds anything): the snapshot is fetched and checked beside it, restored
 * with {@code etcdutl}/{@code etcdctl snapshot restore}, proven in a scratch etcd, then moved into
 * place; the old member is stopped and the new one started when the target says how, and the
 * member is read back. Verification is the {@code etcdctl snapshot status} equivalent: the trailing
 * SHA-256 checked here, then revision, bbolt key count and hash from {@code snapshot status -w json}
 * on the fetched file, in a scratch directory; a test restore starts a scratch etcd on it.
 * Covered: etcd 3.4 (tested with 3.4.23) and 3.5 (same snapshot format; etcdutl used when present).
 */
public final class EtcdSource implements Source {
  private final EtcdTargets targets;
  private final Catalog catalog;
  private final EtcdSnapshots snapshots;
  private final StoredSnapshots stored;
  private final EtcdTools tools;

  public EtcdSource(EtcdTargets targets, Catalog catalog, BackupStore backups, StoredBackups stored,
      ArtifactWriter writer, Manifest.Encryption encryption, Map<String, String> tools) {
    this(targets, catalog, backups, stored, writer, encryption, tools, new EtcdTools());
  }

  /** With {@code etcdTools}: tests pass a PATH without them. */
  EtcdSource(EtcdTargets targets, Catalog catalog, BackupStore backups, StoredBackups stored,
      ArtifactWriter writer, Manifest.Encryption encryption, Map<String, String> tools, EtcdTools etcdTools) {
    this.targets = targets;
    this.catalog = catalog;
    this.snapshots = new EtcdSnapshots(backups, writer, encryption, tools);
    this.stored = new StoredSnapshots(stored);
    this.tools = etcdTools;
  }

  @Override
  public String targetKind() {
    return SourceKinds.ETCD;
  }

  @Override
  public Set<String> backupKinds() {
    return Set.of(SourceKinds.ETCD);
  }

  @Override
  public SourceBackupResult backup(SourceBackupRequest request) {
    EtcdTarget target = target(request.source());
    if (request.safety()) {
      throw ApplicationFailure.newNonRetryableFailure("etcd target " + target.name() + " takes no safety backup:"
          + " a restore writes a new data directory and leaves the old one alone", FailureTypes.BAD_REQUEST);
    }
    return snapshots.backup(target, request);
  }

  @Override
  public ResolvedBackup resolve(TargetRef source, String selector) {
    EtcdTarget target = target(source);
    return BackupSelector.resolve(catalog, target.name(), SourceKinds.ETCD, selector, target.rpo(), target.rto());
  }

  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    SignedManifest signed = stored.manifest(backupId);
    Manifest manifest = signed.manifest();
    try (Heartbeat heartbeat = Heartbeat.start("check-etcd");
        ScratchEtcd scratch = ScratchEtcd.under(scratchRoot(manifest.target()), backupId, tools)) {
      heartbeat.onStop(scratch::close);
      StoredSnapshots.Fetched fetched = stored.fetch(signed, scratch.snapshotFile(), heartbeat::set);
      EtcdTools.Status status = tools.status(scratch.snapshotFile());
      Long recorded = manifest.rowCounts().get(EtcdSnapshots.REVISION);
      if (recorded != null && status.revision() < recorded) {
        throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + ": the snapshot is at revision "
            + status.revision() + ", older than the revision " + recorded + " recorded before it was taken; it is"
            + " not this backup's snapshot — use another backup", FailureTypes.INTEGRITY);
      }
      return new IntegrityReport(manifest.target(), manifest.objects().size(), manifest.storedBytes(), 0,
          "signature valid; the snapshot (" + fetched.bytes() + " bytes) matches its SHA-256 and ends with its own"
              + " (" + fetched.trailingHash() + "); " + status.describe());
    }
  }

  @Override
  public DestinationState inspect(Destination destination) {
    Path data = dataDirectory(destination);
    long entries = entries(data);
    return new DestinationState(data.toString(), entries > 0,
        entries < 0 ? "data directory does not exist" : entries == 0 ? "data directory is empty"
            : "data directory holds " + entries + " entries; a restore needs a new one", false);
  }

  @Override
  public Staged restoreStaged(String backupId, Destination destination, String runToken) {
    EtcdTarget target = target(destination.source());
    EtcdTarget.Restore restore = restoreOf(target);
    Path data = dataDirectory(destination);
    refuseNonEmpty(data);
    SignedManifest signed = stored.manifest(backupId);
    Path staging = staging(data, runToken);
    DirectoryTrees.delete(staging); // an earlier attempt's, half done
    FreeSpace.require(data.toAbsolutePath().getParent(), 2 * signed.manifest().rawBytes(),
        "the etcd snapshot of backup " + backupId + " and the data directory restored from it");
    try (Heartbeat heartbeat = Heartbeat.start("stage-etcd")) {
      Path snapshot = staging.resolve("snapshot.db");
      stored.fetch(signed, snapshot, heartbeat::set);
      tools.restore(snapshot, staging.resolve("data"), restore.memberName(), restore.initialCluster(),
          restore.initialAdvertisePeerUrls());
    } catch (RuntimeException e) {
      DirectoryTrees.delete(staging); // a failed staging leaves nothing beside the data directory
      throw e;
    }
    return new Staged(staging.toString(), "snapshot of backup " + backupId + " restored beside " + data
        + " as member " + restore.memberName() + " of " + restore.initialCluster());
  }

  @Override
  public Comparison compare(String backupId, Destination destination, Staged staged) {
    target(destination.source());
    Path staging = Path.of(staged.where());
    try (Heartbeat heartbeat = Heartbeat.start("compare-etcd");
        ScratchEtcd scratch = ScratchEtcd.under(staging, "compare", tools)) {
      heartbeat.onStop(scratch::close);
      return served(stored.manifest(backupId).manifest(), staging.resolve("snapshot.db"), scratch).comparison();
    }
  }

  @Override
  public Committed commit(String backupId, Destination destination, Staged staged, String runToken) {
    EtcdTarget target = target(destination.source());
    EtcdTarget.Restore restore = restoreOf(target);
    Path data = dataDirectory(destination);
    Path restored = Path.of(staged.where()).resolve("data");
    try (Heartbeat heartbeat = Heartbeat.start("swap-etcd")) {
      if (Files.isDirectory(restored)) { // not yet moved by an earlier attempt
        refuseNonEmpty(data);
        run(restore.stopCommand(), "stopCommand", restore, target);
        move(restored, data);
      } else if (!Files.isDirectory(data.resolve("member"))) {
        throw ApplicationFailure.newNonRetryableFailure("nothing is staged for " + data + " (" + staged.where()
            + " holds no restored member); run the restore again", FailureTypes.BAD_REQUEST);
      }
      DirectoryTrees.delete(Path.of(staged.where()));
      if (restore.startCommand() == null) {
        return new Committed(null, "backup " + backupId + " restored into " + data + "; no startCommand is"
            + " configured: start etcd as member " + restore.memberName() + " with --data-dir " + data);
      }
      run(restore.startCommand(), "startCommand", restore, target);
      MemberContents contents = answering(target, restore);
      Map<String, Long> recorded = stored.manifest(backupId).manifest().rowCounts();
      return new Committed(null, "backup " + backupId + " restored into " + data + "; member "
          + restore.memberName() + " answers at revision " + contents.revision() + " with " + contents.keys()
          + " keys" + (recorded.containsKey(EtcdSnapshots.KEYS) ? " (the backup recorded "
          + recorded.get(EtcdSnapshots.KEYS) + ")" : ""));
    }
  }

  /**
   * Puts the member back as it was before the commit as far as Lifeboat can: stops it and moves the
   * restored data directory aside (never deleting it); starting the old member is the operator's.
   */
  @Override
  public void rollback(Destination destination, Committed committed) {
    EtcdTarget target = target(destination.source());
    EtcdTarget.Restore restore = restoreOf(target);
    Path data = dataDirectory(destination);
    try (Heartbeat heartbeat = Heartbeat.start("rollback-etcd")) {
      run(restore.stopCommand(), "stopCommand", restore, target);
      if (Files.exists(data)) {
        move(data, data.resolveSibling(data.getFileName() + ".lifeboat-rolled-back-" + Instant.now().toEpochMilli()));
      }
    }
  }

  @Override
  public void discardStaged(Destination destination, String runToken) {
    DirectoryTrees.delete(staging(dataDirectory(destination), runToken));
  }

  @Override
  public void dropReplaced(Destination destination, Committed committed) {
    // nothing was replaced: a restore only ever writes a new data directory
  }

  @Override
  public TestRestoreReport testRestore(String backupId) {
    SignedManifest signed = stored.manifest(backupId);
    try (Heartbeat heartbeat = Heartbeat.start("test-restore-etcd");
        ScratchEtcd scratch = ScratchEtcd.under(scratchRoot(signed.manifest().target()), backupId, tools)) {
      heartbeat.onStop(scratch::close); // the scratch etcd never outlives its attempt
      stored.fetch(signed, scratch.snapshotFile(), heartbeat::set);
      Served served = served(signed.manifest(), scratch.snapshotFile(), scratch);
      return new TestRestoreReport(served.comparison(), "restored into " + scratch.where() + ": revision "
          + served.contents().revision() + ", " + served.contents().keys() + " keys; snapshot status: "
          + served.status().describe());
    }
  }

  /** A snapshot restored and started in {@code scratch}, and what it serves against what was recorded. */
  private record Served(EtcdTools.Status status, MemberContents contents, Comparison comparison) {}

  private Served served(Manifest manifest, Path snapshot, ScratchEtcd scratch) {
    EtcdTools.Status status = tools.status(snapshot);
    MemberContents contents = scratch.restoreAndStart(snapshot);
    List<String> mismatches = new ArrayList<>();
    if (contents.revision() != status.revision()) {
      mismatches.add("revision: the snapshot says " + status.revision() + ", the restored member serves "
          + contents.revision());
    }
    Long keys = manifest.rowCounts().get(EtcdSnapshots.KEYS);
    if (keys != null && keys != contents.keys()) {
      mismatches.add("keys: the backup recorded " + keys + ", the restored member serves " + contents.keys());
    }
    return new Served(status, contents, new Comparison("keys", contents.keys(), mismatches));
  }

  private EtcdTarget target(TargetRef source) {
    if (source.schema() != null) {
      throw ApplicationFailure.newNonRetryableFailure("etcd target " + source.target() + " has no schemas;"
          + " leave the schema out", FailureTypes.BAD_REQUEST);
    }
    return targets.get(source.target());
  }

  private static EtcdTarget.Restore restoreOf(EtcdTarget target) {
    if (target.restore() == null) {
      throw ApplicationFailure.newNonRetryableFailure("etcd target " + target.name() + " has no restore block;"
          + " add restore: {dataDirectory: <a new directory>, name, initialCluster, initialAdvertisePeerUrls}",
          FailureTypes.INVALID_CONFIGURATION);
    }
    return target.restore();
  }

  /** The data directory a restore writes: {@code into} when given (absolute), else the target's restore block. */
  private Path dataDirectory(Destination destination) {
    EtcdTarget target = target(destination.source());
    if (destination.server() != null) {
      throw ApplicationFailure.newNonRetryableFailure("etcd target " + target.name() + " restores into a data"
          + " directory on the worker's machine, not onto '" + destination.server() + "'; leave --to out and name"
          + " the new data directory with --into", FailureTypes.BAD_REQUEST);
    }
    if (destination.place() != null) {
      Path place = Path.of(destination.place());
      if (!place.isAbsolute()) {
        throw ApplicationFailure.newNonRetryableFailure("etcd target " + target.name() + ": '" + destination.place()
            + "' is not an absolute path; --into names the new data directory, e.g. /var/lib/etcd-restored",
            FailureTypes.BAD_REQUEST);
      }
      return place;
    }
    return restoreOf(target).dataDirectory();
  }

  private static void refuseNonEmpty(Path data) {
    long entries = entries(data);
    if (entries > 0 || (entries < 0 && Files.exists(data))) {
      throw ApplicationFailure.newNonRetryableFailure("etcd data directory " + data + " is not empty (or not a"
          + " directory); a restore writes a NEW data directory and never overwrites one: set restore.dataDirectory"
          + " (or --into) to a path that does not exist", FailureTypes.DESTINATION_NOT_EMPTY);
    }
  }

  /** How many entries {@code dir} holds; -1 when it is not a directory (absent, or a file). */
  private static long entries(Path dir) {
    if (!Files.isDirectory(dir)) {
      return -1;
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children.count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Path staging(Path data, String runToken) {
    return data.resolveSibling("." + data.getFileName() + ".lifeboat-staging-" + runToken);
  }

  private static void move(Path from, Path to) {
    try {
      if (Files.isDirectory(to)) {
        Files.delete(to); // empty: checked by the caller
      }
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  private static void run(String command, String key, EtcdTarget.Restore restore, EtcdTarget target) {
    if (command == null) {
      return;
    }
    CommandOutput output = ShellCommand.sh(command, restore.startTimeout());
    if (!output.succeeded()) {
      throw ApplicationFailure.newNonRetryableFailure("etcd target " + target.name() + ": restore." + key + " failed"
          + " (exit " + output.exitCode() + "): " + output.output().replace('\n', ' ') + "; fix it in the"
          + " configuration and run the restore again", FailureTypes.TOOL_FAILED);
    }
  }

  /** Waits until the target's endpoints answer a read, for at most the restore's start timeout. */
  private static MemberContents answering(EtcdTarget target, EtcdTarget.Restore restore) {
    Instant deadline = Instant.now().plus(restore.startTimeout());
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      try (Client client = EtcdClients.connect(target)) {
        return MemberContents.read(client);
      } catch (IllegalStateException e) {
        last = e.getMessage();
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for etcd target " + target.name(), e);
      }
    }
    throw ApplicationFailure.newNonRetryableFailure("etcd target " + target.name() + " did not answer on "
        + String.join(", ", target.endpoints()) + " within " + restore.startTimeout().toSeconds() + " seconds after"
        + " its startCommand (" + last + "); check the member's log", FailureTypes.DATABASE_UNREACHABLE);
  }

  private Path scratchRoot(String targetName) {
    try {
      return targets.get(targetName).scratchDirectory();
    } catch (ApplicationFailure e) {
      return Path.of(System.getProperty("java.io.tmpdir")); // a backup of a target no longer declared
    }
  }
}
