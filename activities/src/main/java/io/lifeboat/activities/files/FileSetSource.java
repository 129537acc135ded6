package io.lifeboat.activities.files;

import io.lifeboat.files.DirectoryTrees;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.files.RestoredTreeCheck.RestoredTree;
import io.lifeboat.activities.sources.BackupSelector;
import io.lifeboat.activities.sources.Source;
import io.lifeboat.catalog.Catalog;
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
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.activities.sources.FreeSpace;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A set of directories as a {@link Source}. Backups are a chain of incrementals
 * ({@link FileSetBackupChain}). A restore is staged beside where it goes, on the same filesystem —
 * beside the destination directory, or beside each original path — with every file's SHA-256
 * checked, compared with the index once more, then swapped in with renames
 * ({@link StagedTreeSwap}); what it replaces is kept aside until the run has succeeded, which is
 * why a file set takes no safety backup. Files in the destination that the backup does not hold
 * are left alone. Modes, owners (as root) and mtimes are the backup's, as {@link FileSetRestore}
 * sets them.
 *
 * <p>{@link Staged#where()} lists the staging trees, one a line. The swap's journal stays beside
 * the destination ({@code .<name>.lifeboat-commit}) until {@link #dropReplaced} or
 * {@link #rollback}, which both need it: call {@code dropReplaced} once the run has succeeded even
 * when nothing was replaced.
 */
public final class FileSetSource implements Source {
  private final String kind;
  private final RestoredTreeCheck treeCheck;
  private final FileSetTargets targets;
  private final Catalog catalog;
  private final StoredBackups stored;
  private final FileSetBackupChain chain;
  private final FileSetCheck check;
  private final FileSetRestore restore;
  private final VerifyScratch scratch;
  private final StagedTreeSwap swap = new StagedTreeSwap();
  private final Destinations destinations;

  /** The {@code files} kind: directories restored as they were backed up. */
  public FileSetSource(FileSetTargets targets, Catalog catalog, BackupStore backups, StoredBackups stored,
      ArtifactWriter writer, Manifest.Encryption encryption, Map<String, String> toolVersions) {
    this(SourceKinds.FILES, RestoredTreeCheck.NONE, targets, catalog, backups, stored, writer, encryption,
        toolVersions, Destinations.NONE);
  }

  /** The {@code files} kind, restoring into its destinations' directories when asked. */
  public FileSetSource(FileSetTargets targets, Catalog catalog, BackupStore backups, StoredBackups stored,
      ArtifactWriter writer, Manifest.Encryption encryption, Map<String, String> toolVersions,
      Destinations destinations) {
    this(SourceKinds.FILES, RestoredTreeCheck.NONE, targets, catalog, backups, stored, writer, encryption,
        toolVersions, destinations);
  }

  /**
   * A file set of another kind ({@code config}), whose restored trees pass {@code treeCheck} before
   * a staged restore is ready or a test restore reported.
   */
  public FileSetSource(String kind, RestoredTreeCheck treeCheck, FileSetTargets targets, Catalog catalog,
      BackupStore backups, StoredBackups stored, ArtifactWriter writer, Manifest.Encryption encryption,
      Map<String, String> toolVersions, Destinations destinations) {
    this.kind = kind;
    this.destinations = destinations;
    this.treeCheck = treeCheck;
    this.targets = targets;
    this.catalog = catalog;
    this.stored = stored;
    this.chain = new FileSetBackupChain(catalog, backups,
        new FileSetBackup(backups, stored, writer, encryption, toolVersions));
    this.check = new FileSetCheck(backups, stored);
    this.restore = new FileSetRestore(backups, stored);
    this.scratch = new VerifyScratch(targets);
  }

  /** For tests: something to do (to fail) between the two renames of each replacement a commit makes. */
  void betweenRenames(StagedTreeSwap.BetweenRenames hook) {
    swap.betweenRenames(hook);
  }

  @Override
  public String targetKind() {
    return kind;
  }

  @Override
  public Set<String> backupKinds() {
    return Set.of(kind);
  }

  @Override
  public SourceBackupResult backup(SourceBackupRequest request) {
    if (request.safety()) {
      throw ApplicationFailure.newNonRetryableFailure("file sets take no safety backup: a restore keeps what it"
          + " replaces aside until the run has succeeded", FailureTypes.BAD_REQUEST);
    }
    return chain.backup(target(request.source()), request);
  }

  @Override
  public ResolvedBackup resolve(TargetRef source, String selector) {
    FileSetTarget target = target(source);
    return BackupSelector.resolve(catalog, target.name(), kind, selector, orZero(target.rpo()), orZero(target.rto()));
  }

  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    return check.check(backupOf(backupId));
  }

  @Override
  public DestinationState inspect(Destination asked) {
    Destination destination = directoryOf(asked);
    FileSetTarget target = target(destination.source());
    if (destination.place() == null) {
      boolean holdsData = false;
      List<String> described = new ArrayList<>();
      for (Path path : target.paths()) {
        Contents contents = Contents.of(path);
        holdsData |= contents.holdsData();
        described.add(path + ": " + contents.description());
      }
      return new DestinationState(originalPaths(target), holdsData, String.join("; ", described), false);
    }
    Path directory = place(destination);
    Contents contents = Contents.of(directory);
    return new DestinationState("directory " + directory, contents.holdsData(), contents.description(), false);
  }

  @Override
  public Staged restoreStaged(String backupId, Destination asked, String runToken) {
    Destination destination = directoryOf(asked);
    FileSetLayout.requireToken(runToken);
    FileSetTarget target = target(destination.source());
    SignedManifest signed = backupOf(backupId, target);
    FileIndex.Contents index = FileIndex.read(stored, signed);
    FileSetLayout layout = layout(target, destination, index.roots());
    List<Path> staged = layout.staged(runToken);
    staged.forEach(DirectoryTrees::delete); // a retry starts over
    requireSpace(destination, index, backupId);
    try (Heartbeat heartbeat = Heartbeat.start("restore-staged")) {
      FilesRestoreReport report = restore.restore(signed, index.entries(), layout.staging(runToken), heartbeat::set);
      if (!report.mismatches().isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " differs from its index: "
            + String.join("; ", report.mismatches()) + "; nothing was restored", FailureTypes.INTEGRITY);
      }
      String checked = treeCheck.check(backupId, target.name(), layout.stagedTrees(runToken));
      String where = FileSetLayout.where(staged);
      return new Staged(where, report.files() + " files, " + report.symlinks() + " symlinks, " + report.directories()
          + " directories (" + report.bytes() + " bytes) of backup " + backupId + " staged in "
          + String.join(", ", staged.stream().map(Path::toString).toList()) + ", every file's SHA-256 checked"
          + (checked == null ? "" : "; " + checked)
          + (report.warnings().isEmpty() ? "" : "; WARNINGS: " + String.join("; ", report.warnings())));
    } catch (RuntimeException e) {
      // no Staged reaches the workflow, so nothing else would remove it
      for (Path tree : staged) {
        try {
          DirectoryTrees.delete(tree);
        } catch (UncheckedIOException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw e;
    }
  }

  @Override
  public Comparison compare(String backupId, Destination asked, Staged staged) {
    Destination destination = directoryOf(asked);
    FileSetTarget target = target(destination.source());
    SignedManifest signed = backupOf(backupId, target);
    FileIndex.Contents index = FileIndex.read(stored, signed);
    FileSetLayout layout = layout(target, destination, index.roots());
    List<Path> stagedTrees = FileSetLayout.stagedIn(staged.where());
    String token = FileSetLayout.tokenOf(stagedTrees.get(0));
    if (!layout.staged(token).equals(stagedTrees)) {
      throw ApplicationFailure.newNonRetryableFailure("the staged copy " + stagedTrees + " is not one of backup "
          + backupId + " into " + describe(target, destination), FailureTypes.BAD_REQUEST);
    }
    try (Heartbeat heartbeat = Heartbeat.start("compare-staged")) {
      return IndexComparison.compare(index.entries(), layout.staging(token), Set.of(), heartbeat::set);
    }
  }

  @Override
  public Committed commit(String backupId, Destination asked, Staged staged, String runToken) {
    Destination destination = directoryOf(asked);
    FileSetLayout.requireToken(runToken);
    FileSetTarget target = target(destination.source());
    List<StagedTreeSwap.Unit> units = units(target, destination, staged, runToken);
    try (Heartbeat heartbeat = Heartbeat.start("commit-staged")) {
      StagedTreeSwap.Outcome outcome = swap.commit(journal(target, destination), units, runToken, backupId,
          heartbeat::set);
      return committed(outcome);
    }
  }

  @Override
  public void rollback(Destination asked, Committed committed) {
    Destination destination = directoryOf(asked);
    FileSetTarget target = target(destination.source());
    Path journal = journal(target, destination);
    if (belongsTo(journal, committed)) {
      try (Heartbeat heartbeat = Heartbeat.start("rollback")) {
        swap.rollback(journal, heartbeat::set);
      }
    }
  }

  @Override
  public void discardStaged(Destination asked, String runToken) {
    Destination destination = directoryOf(asked);
    FileSetLayout.requireToken(runToken);
    List<Path> targets = destination.place() != null ? List.of(place(destination))
        : target(destination.source()).paths();
    targets.forEach(path -> DirectoryTrees.delete(FileSetLayout.staged(path, runToken)));
  }

  @Override
  public void dropReplaced(Destination asked, Committed committed) {
    Destination destination = directoryOf(asked);
    FileSetTarget target = target(destination.source());
    Path journal = journal(target, destination);
    if (belongsTo(journal, committed)) {
      swap.drop(journal);
    }
  }

  @Override
  public TestRestoreReport testRestore(String backupId) {
    SignedManifest signed = backupOf(backupId);
    String target = signed.manifest().target();
    Path directory = scratch.directory(target, backupId);
    DirectoryTrees.delete(directory);
    // the scratch copy is removed inside the heartbeat too: a big one takes longer than its timeout
    try (Heartbeat heartbeat = Heartbeat.start("test-restore")) {
      try {
        FileIndex.Contents index = FileIndex.read(stored, signed);
        FilePlacement placement = FilePlacement.under(directory, index.roots());
        FilesRestoreReport report = restore.restore(signed, index.entries(), placement, heartbeat::set);
        Set<String> reported = new HashSet<>();
        report.mismatches().stream().filter(m -> m.contains(": ")).forEach(m -> reported.add(m.substring(0,
            m.indexOf(": "))));
        Comparison compared = IndexComparison.compare(index.entries(), placement, reported, heartbeat::set);
        List<String> mismatches = new ArrayList<>(report.mismatches());
        mismatches.addAll(compared.mismatches());
        List<RestoredTree> trees = placement.bases().entrySet().stream()
            .map(b -> new RestoredTree(b.getValue(), Path.of(b.getKey()))).toList();
        String checked = treeCheck.check(backupId, target, trees);
        return new TestRestoreReport(new Comparison(compared.unit(), compared.compared(), List.copyOf(mismatches)),
            report.files() + " files, " + report.bytes() + " bytes restored into " + directory + " and compared"
                + (checked == null ? "" : "; " + checked) + "; removed");
      } finally {
        scratch.remove(target, directory);
      }
    }
  }

  // --- targets, backups and places

  private FileSetTarget target(TargetRef ref) {
    if (ref.schema() != null) {
      throw ApplicationFailure.newNonRetryableFailure("file sets have no schemas: leave out the schema ("
          + ref.schema() + ") for target " + ref.target(), FailureTypes.BAD_REQUEST);
    }
    FileSetTarget target = targets.get(ref.target());
    if (!target.kind().equals(kind)) {
      throw ApplicationFailure.newNonRetryableFailure("target " + target.name() + " is a " + target.kind()
          + " target, not a " + kind + " one", FailureTypes.BAD_REQUEST);
    }
    return target;
  }

  private SignedManifest backupOf(String backupId) {
    return stored.manifest(backupId, kind);
  }

  private SignedManifest backupOf(String backupId, FileSetTarget target) {
    SignedManifest signed = backupOf(backupId);
    if (!signed.manifest().target().equals(target.name())) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " is a backup of "
          + signed.manifest().target() + ", not of " + target.name(), FailureTypes.BAD_REQUEST);
    }
    return signed;
  }

  /**
   * Where a restore goes: the original paths, which must all still be the target's (a restore never
   * writes where the configuration no longer points), or the destination directory.
   */
  private FileSetLayout layout(FileSetTarget target, Destination destination, List<String> roots) {
    if (destination.place() != null) {
      return FileSetLayout.under(place(destination), roots);
    }
    Set<String> declared = new HashSet<>(target.paths().stream().map(Path::toString).toList());
    List<String> undeclared = roots.stream().filter(r -> !declared.contains(r)).toList();
    if (!undeclared.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("the backup holds " + String.join(", ", undeclared)
          + ", which target " + target.name() + " no longer lists among its paths; restore it into a directory"
          + " (a place) instead", FailureTypes.BAD_REQUEST);
    }
    return FileSetLayout.original(roots);
  }

  /** The staged trees a {@link Staged} names, each with the target it swaps into; refuses strangers. */
  private Map<Path, Path> owners(FileSetTarget target, Destination destination, Staged staged) {
    List<Path> candidates = destination.place() == null ? target.paths() : List.of(place(destination));
    Map<Path, Path> owners = new LinkedHashMap<>();
    for (Path tree : FileSetLayout.stagedIn(staged.where())) {
      String token = FileSetLayout.tokenOf(tree);
      owners.put(tree, candidates.stream().filter(c -> FileSetLayout.staged(c, token).equals(tree)).findFirst()
          .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("the staged copy " + tree + " is not one of "
              + describe(target, destination), FailureTypes.BAD_REQUEST)));
    }
    return owners;
  }

  private List<StagedTreeSwap.Unit> units(FileSetTarget target, Destination destination, Staged staged,
      String runToken) {
    List<StagedTreeSwap.Unit> units = new ArrayList<>();
    owners(target, destination, staged).forEach((tree, owner) ->
        units.add(StagedTreeSwap.Unit.of(owner, tree, FileSetLayout.kept(owner, runToken))));
    return units;
  }

  /** Where the journal of a swap into the destination is: beside the directory, or the first path. */
  private Path journal(FileSetTarget target, Destination destination) {
    return FileSetLayout.journal(destination.place() == null ? target.paths().get(0) : place(destination));
  }

  /** Whether the journal there records {@code committed}; false when there is none (nothing to do). */
  private boolean belongsTo(Path journal, Committed committed) {
    return swap.journal(journal).map(recorded -> {
      Committed recordedCommit = committed(StagedTreeSwap.outcome(recorded));
      if (!Objects.equals(recordedCommit.keptAs(), committed.keptAs())) {
        throw ApplicationFailure.newNonRetryableFailure(journal + " records another restore (keeping "
            + recordedCommit.keptAs() + ") than the one given (keeping " + committed.keptAs() + ")",
            FailureTypes.BAD_REQUEST);
      }
      return true;
    }).orElse(false);
  }

  private static Committed committed(StagedTreeSwap.Outcome outcome) {
    String into = String.join(", ", outcome.targets().stream().map(Path::toString).toList());
    String keptAs = outcome.kept().isEmpty() ? null
        : String.join(", ", outcome.kept().stream().map(Path::toString).toList());
    String what = outcome.files() + " files" + (outcome.symlinks() == 0 ? "" : " and " + outcome.symlinks()
        + " symlinks") + " into " + into;
    return new Committed(keptAs, keptAs == null ? what + "; nothing was replaced"
        : what + "; the " + outcome.replaced() + " files they replace are kept in " + keptAs
            + " until the run succeeds");
  }

  /**
   * Files have no server: a destination named in {@link Destination#server()} is a directory
   * declared under {@code destinations:}, which becomes the place; {@code host:port} is refused.
   */
  private Destination directoryOf(Destination asked) {
    if (asked.server() == null || asked.server().isBlank()) {
      return asked;
    }
    if (Destinations.hostPort(asked.server()).isPresent()) {
      throw ApplicationFailure.newNonRetryableFailure("a " + kind + " target has no server to restore onto ("
          + asked.server() + "); give a directory of this machine (--into /path) or a destination of kind " + kind
          + " (--to NAME)", FailureTypes.BAD_REQUEST);
    }
    DirectoryDestination declared = destinations.named(asked.server(), kind, DirectoryDestination.class);
    if (asked.place() != null && !asked.place().isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure("destination " + asked.server() + " is the directory "
          + declared.directory() + " and the restore also names '" + asked.place() + "'; give one of them",
          FailureTypes.BAD_REQUEST);
    }
    return new Destination(asked.source(), declared.directory().toString(), null, asked.skipRoles(),
        asked.noOwner());
  }

  /** Room for every file of the backup where its staging copy goes (beside each destination). */
  private static void requireSpace(Destination destination, FileIndex.Contents index, String backupId) {
    Map<String, Long> bytesByRoot = new TreeMap<>();
    for (FileEntry entry : index.entries()) {
      if (FileEntry.FILE.equals(entry.type())) {
        bytesByRoot.merge(entry.root(), entry.size(), Long::sum);
      }
    }
    if (destination.place() != null) {
      FreeSpace.require(place(destination), bytesByRoot.values().stream().mapToLong(Long::longValue).sum(),
          "backup " + backupId + " restored into " + destination.place());
      return;
    }
    bytesByRoot.forEach((root, bytes) -> FreeSpace.require(Path.of(root), bytes,
        "backup " + backupId + " restored into " + root));
  }

  /** A destination directory: absolute, not a file; symlinks resolved, so that staging lands beside its data. */
  private static Path place(Destination destination) {
    String place = destination.place();
    Path path;
    try {
      path = Path.of(place);
    } catch (InvalidPathException e) {
      throw ApplicationFailure.newNonRetryableFailure("place '" + place + "' is not a path: " + e.getReason(),
          FailureTypes.BAD_REQUEST);
    }
    if (!path.isAbsolute()) {
      throw ApplicationFailure.newNonRetryableFailure("place '" + place + "' is not an absolute path; give the"
          + " directory to restore into from the root, such as /srv/restore", FailureTypes.BAD_REQUEST);
    }
    Path real = real(path.normalize());
    if (Files.exists(real) && !Files.isDirectory(real)) {
      throw ApplicationFailure.newNonRetryableFailure("place " + real + " is a file; give a directory to restore"
          + " into", FailureTypes.BAD_REQUEST);
    }
    return real;
  }

  /** {@code path} with the symlinks of its longest existing part resolved. */
  private static Path real(Path path) {
    Deque<String> missing = new ArrayDeque<>();
    Path existing = path;
    while (existing.getParent() != null && !Files.exists(existing)) {
      missing.push(existing.getFileName().toString());
      existing = existing.getParent();
    }
    try {
      Path real = existing.toRealPath();
      while (!missing.isEmpty()) {
        real = real.resolve(missing.pop());
      }
      return real;
    } catch (IOException e) {
      throw new UncheckedIOException("could not resolve " + path + ": " + e.getMessage(), e);
    }
  }

  private static String originalPaths(FileSetTarget target) {
    return "the original paths of " + target.name() + " ("
        + String.join(", ", target.paths().stream().map(Path::toString).toList()) + ")";
  }

  private static String describe(FileSetTarget target, Destination destination) {
    return destination.place() == null ? originalPaths(target) : "directory " + destination.place();
  }

  private static Duration orZero(Duration duration) {
    return duration == null ? Duration.ZERO : duration;
  }

  /** What a path holds, for {@link #inspect}. */
  private record Contents(boolean holdsData, String description) {
    static Contents of(Path path) {
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        return new Contents(false, "does not exist");
      }
      try {
        if (Files.isSymbolicLink(path)) {
          return new Contents(true, "a symlink to " + Files.readSymbolicLink(path));
        }
        if (!Files.isDirectory(path)) {
          long size = Files.size(path);
          return new Contents(size > 0, "a file of " + size + " bytes");
        }
        long files = 0;
        long directories = 0;
        long bytes = 0;
        try (Stream<Path> all = Files.walk(path)) {
          for (Path p : (Iterable<Path>) all.skip(1)::iterator) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
              directories++;
            } else {
              files++;
              bytes += Files.isSymbolicLink(p) ? 0 : Files.size(p);
            }
          }
        }
        return files + directories == 0 ? new Contents(false, "empty")
            : new Contents(true, files + " files and links, " + directories + " directories, " + bytes + " bytes");
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + path + ": " + e.getMessage(), e);
      }
    }
  }
}
