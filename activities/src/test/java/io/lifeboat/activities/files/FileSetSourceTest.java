package io.lifeboat.activities.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lifeboat.activities.sources.BackupBackend;
import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file set as a {@link io.lifeboat.activities.sources.Source}, run as Temporal activities against
 * real files, S3Proxy, OpenPGP keys and a catalog on PostgreSQL: a restore is staged beside where
 * it goes, compared, swapped in with renames (what it replaces kept aside) and undone exactly; a
 * swap failing between its two renames puts everything back; every step gives the same answer
 * when it is retried. Trees are compared with {@link FileTrees#describe}: every entry's type,
 * content hash or link, mode, owner and mtime.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FileSetSourceTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  private static final AtomicInteger TARGETS = new AtomicInteger();

  private static BackupBackend backend;

  private final TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
  @TempDir Path dir;
  private FileSetSource source;
  private SourceActivities files;
  private String name;

  @BeforeAll
  static void open() {
    backend = BackupBackend.on(s3);
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  @AfterEach
  void stop() {
    environment.close();
  }

  /** A target of {@code paths} of its own (backups of one test never meet another's), as activities. */
  private void start(Path... paths) {
    name = "docs-" + TARGETS.incrementAndGet();
    FileSetTarget target = new FileSetTarget(name, List.of(paths), List.of("*.tmp", "cache"), dir.resolve("scratch"),
        Duration.ofHours(1), Duration.ofHours(2));
    source = new FileSetSource(new FileSetTargets(Map.of(name, target)), backend.catalog(), backend.backups(),
        backend.stored(), backend.writer(), backend.encryption(), Map.of("lifeboat", "test"));
    files = OneSourceActivities.stub(environment, source, name, backend.catalog());
  }

  /** A backup of the target, indexed in the catalog as the backup workflow does after it. */
  private String backUp() {
    String backupId = "20260101T000000Z-" + name;
    backend.index(files.backup(request(backupId)));
    return backupId;
  }

  private SourceBackupRequest request(String backupId) {
    return new SourceBackupRequest(TargetRef.of(name), backupId, "backup:" + name, "run", null);
  }

  private Destination originalPaths() {
    return new Destination(TargetRef.of(name), null);
  }

  /** What goes wrong in a live tree after its backup: content, a deletion, a link, a mode, an addition. */
  private static void damage(Path root) throws IOException {
    Files.writeString(root.resolve("uploads/readme.txt"), "overwritten by mistake");
    Files.delete(root.resolve("uploads/2024/01/file-1.bin"));
    Files.delete(root.resolve("latest"));
    Files.createSymbolicLink(root.resolve("latest"), Path.of("nowhere"));
    Files.setAttribute(root.resolve("uploads/2024"), "unix:mode", 0700);
    Files.delete(root.resolve("empty"));
    Files.writeString(root.resolve("uploads/notes.txt"), "written after the backup");
  }

  /** The names in {@code path}'s directory: what Lifeboat left beside it. */
  private static List<String> beside(Path path) throws IOException {
    try (Stream<Path> names = Files.list(path.getParent())) {
      return names.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aFullCycleRestoresTheOriginalPathsExactly() throws Exception {
    Path root = dir.resolve("srv/docs");
    FileTrees.sample(root, 6, 20_000, 11);
    start(root);
    String backupId = backUp();
    Map<String, String> backedUp = FileTrees.describe(root);

    ResolvedBackup resolved = files.resolve(TargetRef.of(name), "latest");
    assertThat(resolved.backupId()).isEqualTo(backupId);
    assertThat(resolved.rpoObjectiveMillis()).isEqualTo(Duration.ofHours(1).toMillis());
    assertThat(resolved.rtoObjectiveMillis()).isEqualTo(Duration.ofHours(2).toMillis());
    IntegrityReport integrity = files.checkIntegrity(backupId);
    assertThat(integrity.target()).isEqualTo(name);
    assertThat(integrity.summary()).endsWith("index entries; signature valid");

    damage(root);
    Map<String, String> damaged = FileTrees.describe(root);
    DestinationState state = files.inspect(originalPaths());
    assertThat(state.name()).isEqualTo("the original paths of " + name + " (" + root + ")");
    assertThat(state.holdsData()).isTrue();
    assertThat(state.safetyBackup()).as("what is replaced is kept aside instead").isFalse();
    assertThat(state.description()).startsWith(root + ": ").contains(" files and links, ");

    Staged staged = files.restoreStaged(backupId, originalPaths(), "run-1");
    assertThat(staged.where()).isEqualTo(root.resolveSibling(".docs.lifeboat-staging-run-1").toString());
    assertThat(FileTrees.describe(root)).as("staging leaves the destination alone").isEqualTo(damaged);
    Comparison comparison = files.compare(backupId, originalPaths(), staged);
    assertThat(comparison.mismatches()).isEmpty();
    assertThat(comparison).isEqualTo(new Comparison("files", 6 + 5, List.of()));

    Committed committed = files.commit(backupId, originalPaths(), staged, "run-1");
    Path kept = root.resolveSibling(".docs.lifeboat-replaced-run-1");
    assertThat(committed.keptAs()).isEqualTo(kept.toString());
    assertThat(committed.summary()).startsWith("11 files and 2 symlinks into " + root + "; the ")
        .endsWith(" files they replace are kept in " + kept + " until the run succeeds");
    Map<String, String> expected = new TreeMap<>(backedUp);
    expected.put("uploads/notes.txt", damaged.get("uploads/notes.txt")); // not in the backup: left alone
    assertThat(FileTrees.describe(root)).isEqualTo(expected);
    assertThat(kept.resolve("uploads/readme.txt")).hasContent("overwritten by mistake");
    assertThat(Files.readSymbolicLink(kept.resolve("latest"))).isEqualTo(Path.of("nowhere"));

    files.dropReplaced(originalPaths(), committed);
    assertThat(beside(root)).as("nothing of the restore left beside it").containsExactly("docs");
    assertThat(FileTrees.describe(root)).isEqualTo(expected);
  }

  @Test
  void aRestoreIntoAnotherDirectoryReplacesNothingAndItsRollbackRemovesIt() throws Exception {
    Path root = dir.resolve("srv/docs");
    FileTrees.sample(root, 6, 20_000, 12);
    start(root);
    String backupId = backUp();
    Map<String, String> original = FileTrees.describe(root);
    Path elsewhere = dir.resolve("restored/docs"); // neither it nor its parent exists yet
    Destination there = new Destination(TargetRef.of(name), elsewhere.toString());

    DestinationState state = files.inspect(there);
    assertThat(state).isEqualTo(new DestinationState("directory " + elsewhere, false, "does not exist", false));
    Staged staged = files.restoreStaged(backupId, there, "run-2");
    assertThat(staged.where()).isEqualTo(dir.resolve("restored/.docs.lifeboat-staging-run-2").toString());
    assertThat(files.compare(backupId, there, staged).matches()).isTrue();
    Committed committed = files.commit(backupId, there, staged, "run-2");

    assertThat(committed.keptAs()).as("a restore into an empty directory replaces nothing").isNull();
    assertThat(committed.summary()).isEqualTo("11 files and 2 symlinks into " + elsewhere + "; nothing was replaced");
    FileTrees.assertSameTree(elsewhere, root);
    assertThat(FileTrees.describe(root)).as("the original paths are not touched").isEqualTo(original);
    assertThat(files.inspect(there).holdsData()).isTrue();

    files.rollback(there, committed);
    files.rollback(there, committed);
    assertThat(elsewhere).as("everything the restore added is gone").doesNotExist();
    assertThat(beside(elsewhere)).isEmpty();

    // once the run has succeeded, dropping what was replaced (nothing) removes the swap's journal
    Committed again = files.commit(backupId, there, files.restoreStaged(backupId, there, "run-2b"), "run-2b");
    assertThat(beside(elsewhere)).containsExactly(".docs.lifeboat-commit", "docs");
    files.dropReplaced(there, again);
    assertThat(beside(elsewhere)).containsExactly("docs");
  }

  @Test
  void aCommitFailingBetweenTheTwoRenamesLeavesTheDestinationAndTheStagedCopyAsTheyWere() throws Exception {
    Path root = dir.resolve("srv/docs");
    FileTrees.sample(root, 6, 20_000, 13);
    start(root);
    String backupId = backUp();
    Map<String, String> backedUp = FileTrees.describe(root);
    damage(root);
    Map<String, String> damaged = FileTrees.describe(root);
    Staged staged = files.restoreStaged(backupId, originalPaths(), "run-3");
    Path staging = Path.of(staged.where());
    Map<String, String> stagedCopy = FileTrees.describe(staging);

    // The swap's hook fails the third replacement once its old entry is aside and the staged one not yet in.
    AtomicInteger replacements = new AtomicInteger();
    source.betweenRenames(target -> {
      if (replacements.incrementAndGet() == 3) {
        throw new IOException("no space left on device (injected at " + target + ")");
      }
    });
    ApplicationFailure failure = failure(() -> files.commit(backupId, originalPaths(), staged, "run-3"));

    assertThat(failure.getOriginalMessage()).contains("injected")
        .contains("the destination is as it was and the staged copy intact");
    assertThat(FileTrees.describe(root)).as("the old files, byte for byte, modes and mtimes").isEqualTo(damaged);
    assertThat(FileTrees.describe(staging)).isEqualTo(stagedCopy);
    assertThat(beside(root)).as("no kept tree, no journal").containsExactly(".docs.lifeboat-staging-run-3", "docs");

    // the cause gone, the same commit goes through
    source.betweenRenames(target -> {});
    Committed committed = files.commit(backupId, originalPaths(), staged, "run-3");
    Map<String, String> expected = new TreeMap<>(backedUp);
    expected.put("uploads/notes.txt", damaged.get("uploads/notes.txt"));
    assertThat(FileTrees.describe(root)).isEqualTo(expected);
    files.dropReplaced(originalPaths(), committed);
    assertThat(beside(root)).containsExactly("docs");
  }

  @Test
  void aRollbackAfterTheCommitPutsTheOriginalTreeBackExactly() throws Exception {
    Path root = dir.resolve("srv/docs");
    FileTrees.sample(root, 6, 20_000, 14);
    start(root);
    String backupId = backUp();
    damage(root);
    Files.createDirectories(root.resolve("uploads/2023"));
    Files.writeString(root.resolve("uploads/2023/added.txt"), "a directory the backup does not have");
    Map<String, String> before = FileTrees.describe(root);

    Staged staged = files.restoreStaged(backupId, originalPaths(), "run-4");
    Committed committed = files.commit(backupId, originalPaths(), staged, "run-4");
    assertThat(root.resolve("uploads/2024/01/file-1.bin")).as("restored").exists();
    assertThat(root.resolve("empty")).as("restored").isDirectory();

    files.rollback(originalPaths(), committed);
    assertThat(FileTrees.describe(root)).as("the kept files back, the added ones gone, every mtime as it was")
        .isEqualTo(before);
    assertThat(beside(root)).containsExactly("docs");
  }

  @Test
  void everyStepRetriedGivesTheSameResult() throws Exception {
    Path root = dir.resolve("srv/docs");
    FileTrees.sample(root, 6, 20_000, 15);
    start(root);
    String backupId = backUp();
    assertThat(files.backup(request(backupId))).isEqualTo(files.backup(request(backupId)));
    thrice(() -> files.resolve(TargetRef.of(name), "latest"));
    thrice(() -> files.checkIntegrity(backupId));
    damage(root);
    Map<String, String> before = FileTrees.describe(root);
    thrice(() -> files.inspect(originalPaths()));

    Staged staged = thrice(() -> {
      Staged again = files.restoreStaged(backupId, originalPaths(), "run-5");
      return Map.entry(again, FileTrees.describe(Path.of(again.where())));
    }).getKey();
    assertThat(FileTrees.describe(root)).isEqualTo(before);
    thrice(() -> files.compare(backupId, originalPaths(), staged));
    Committed committed = thrice(() -> Map.entry(files.commit(backupId, originalPaths(), staged, "run-5"),
        FileTrees.describe(root))).getKey();
    Map<String, String> restored = FileTrees.describe(root);
    thrice(() -> {
      files.rollback(originalPaths(), committed);
      return FileTrees.describe(root);
    });
    assertThat(FileTrees.describe(root)).isEqualTo(before);

    Staged again = files.restoreStaged(backupId, originalPaths(), "run-6");
    thrice(() -> {
      files.discardStaged(originalPaths(), "run-6");
      return beside(root);
    });
    assertThat(beside(root)).containsExactly("docs");

    Committed last = files.commit(backupId, originalPaths(), files.restoreStaged(backupId, originalPaths(), "run-7"),
        "run-7");
    thrice(() -> {
      files.dropReplaced(originalPaths(), last);
      return beside(root);
    });
    assertThat(FileTrees.describe(root)).isEqualTo(restored);
    assertThat(beside(root)).containsExactly("docs");
    thrice(() -> files.testRestore(backupId));
  }

  private interface Step<T> {
    T take() throws IOException;
  }

  /** Takes {@code step} three times, a first attempt and two retries, which all answer the same. */
  private static <T> T thrice(Step<T> step) throws IOException {
    T first = step.take();
    assertThat(step.take()).isEqualTo(first);
    assertThat(step.take()).isEqualTo(first);
    return first;
  }

  @Test
  void aCorruptedStagedFileIsReportedByPath() throws Exception {
    Path root = dir.resolve("srv/docs");
    FileTrees.sample(root, 6, 20_000, 16);
    start(root);
    String backupId = backUp();
    Staged staged = files.restoreStaged(backupId, originalPaths(), "run-8");
    Path staging = Path.of(staged.where());

    Files.writeString(staging.resolve("uploads/readme.txt"), "HELLO\n"); // same size, other content
    Files.write(staging.resolve("uploads/2024/01/file-2.bin"), new byte[10]);
    Files.delete(staging.resolve("run.sh"));
    Files.writeString(staging.resolve("intruder.txt"), "not from the backup");
    Comparison comparison = files.compare(backupId, originalPaths(), staged);

    assertThat(comparison.matches()).isFalse();
    assertThat(comparison.compared()).isEqualTo(11);
    assertThat(comparison.mismatches()).hasSize(4);
    assertThat(comparison.mismatches().get(0)).startsWith(root.resolve("run.sh") + ": missing");
    assertThat(comparison.mismatches()).anySatisfy(m -> assertThat(m)
        .startsWith(root.resolve("uploads/readme.txt") + ": SHA-256 ").contains(" but the backup recorded "));
    assertThat(comparison.mismatches()).anySatisfy(m -> assertThat(m)
        .startsWith(root.resolve("uploads/2024/01/file-2.bin") + ": 10 bytes but the backup recorded "));
    assertThat(comparison.mismatches()).contains(staging.resolve("intruder.txt") + ": not in the backup");

    files.discardStaged(originalPaths(), "run-8");
    assertThat(staging).doesNotExist();
  }

  @Test
  void aTargetOfTwoPathsIsStagedBesideEachAndTestRestored() throws Exception {
    Path first = dir.resolve("srv/www");
    Path second = dir.resolve("data/uploads");
    FileTrees.sample(first, 2, 10_000, 17);
    FileTrees.sample(second, 2, 10_000, 18);
    start(first, second);
    String backupId = backUp();
    Map<String, String> firstBackedUp = FileTrees.describe(first);
    Map<String, String> secondBackedUp = FileTrees.describe(second);
    Files.writeString(first.resolve("uploads/readme.txt"), "changed");
    Files.delete(second.resolve("run.sh"));

    assertThat(files.inspect(originalPaths()).name())
        .isEqualTo("the original paths of " + name + " (" + first + ", " + second + ")");
    Staged staged = files.restoreStaged(backupId, originalPaths(), "run-9");
    assertThat(staged.where().split("\n")).containsExactly(first.resolveSibling(".www.lifeboat-staging-run-9")
        .toString(), second.resolveSibling(".uploads.lifeboat-staging-run-9").toString());
    assertThat(files.compare(backupId, originalPaths(), staged).matches()).isTrue();
    Committed committed = files.commit(backupId, originalPaths(), staged, "run-9");
    assertThat(committed.keptAs()).isEqualTo(first.resolveSibling(".www.lifeboat-replaced-run-9") + ", "
        + second.resolveSibling(".uploads.lifeboat-replaced-run-9"));
    assertThat(FileTrees.describe(first)).isEqualTo(firstBackedUp);
    assertThat(FileTrees.describe(second)).isEqualTo(secondBackedUp);
    files.dropReplaced(originalPaths(), committed);
    assertThat(beside(first)).containsExactly("www");
    assertThat(beside(second)).containsExactly("uploads");

    TestRestoreReport report = files.testRestore(backupId);
    assertThat(report.comparison()).isEqualTo(new Comparison("files", 2 * (2 + 5), List.of()));
    assertThat(report.summary()).contains(" restored into " + dir.resolve("scratch/lifeboat-verify-" + backupId))
        .endsWith("; removed");
    assertThat(dir.resolve("scratch")).isEmptyDirectory();
  }

  @Test
  void requestsAFileSetCannotServeAreRefusedSayingWhy() throws Exception {
    Path root = dir.resolve("srv/docs");
    FileTrees.sample(root, 1, 1_000, 19);
    start(root);
    String backupId = backUp();
    Destination relative = new Destination(TargetRef.of(name), "restore/here");

    for (ThrowingCallable call : List.<ThrowingCallable>of(() -> files.inspect(relative),
        () -> files.restoreStaged(backupId, relative, "run-10"))) {
      ApplicationFailure refused = failure(call);
      assertThat(refused.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
      assertThat(refused.getOriginalMessage()).isEqualTo("place 'restore/here' is not an absolute path; give the"
          + " directory to restore into from the root, such as /srv/restore");
    }
    ApplicationFailure schema = failure(() -> files.resolve(new TargetRef(name, "tenant_1"), "latest"));
    assertThat(schema.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
    assertThat(schema.getOriginalMessage()).as("refused by the registry, before any source")
        .contains("is of kind files", "leave out the schema");
    ApplicationFailure safety = failure(() -> files.backup(new SourceBackupRequest(TargetRef.of(name),
        "20260101T000001Z-" + name, "restore:" + name, "run", originalPaths())));
    assertThat(safety.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
    assertThat(safety.isNonRetryable()).isTrue();
    Path file = root.resolve("run.sh");
    assertThat(failure(() -> files.inspect(new Destination(TargetRef.of(name), file.toString()))).getOriginalMessage())
        .isEqualTo("place " + file + " is a file; give a directory to restore into");
  }

  /** The application failure an activity call ends with. */
  private static ApplicationFailure failure(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(ActivityFailure.class);
    assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) thrown.getCause();
  }
}
