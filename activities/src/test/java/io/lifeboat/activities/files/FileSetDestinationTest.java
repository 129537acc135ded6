package io.lifeboat.activities.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lifeboat.activities.postgres.PostgresDestination;
import io.lifeboat.activities.postgres.PostgresServer;
import io.lifeboat.activities.sources.BackupBackend;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file set restored onto a destination declared under {@code destinations:} (files have no
 * server: the destination is a directory), against real files, S3Proxy and a catalog: it lands in
 * the destination's directory with the original paths untouched; a {@code host:port}, a
 * destination of another kind, a destination and a directory at once, and a filesystem without
 * room for the backup are refused in one line with nothing written.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileSetDestinationTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  private static final AtomicInteger TARGETS = new AtomicInteger();
  private static BackupBackend backend;

  private final TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
  @TempDir Path dir;
  private Path root;
  private Path drDirectory;
  private String name;
  private SourceActivities files;

  @BeforeAll
  static void open() {
    backend = BackupBackend.on(s3);
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  @BeforeEach
  void start() throws Exception {
    root = dir.resolve("srv/docs");
    FileTrees.sample(root, 4, 50_000, 21);
    drDirectory = dir.resolve("mnt/dr/docs");
    name = "docs-dr-" + TARGETS.incrementAndGet();
    FileSetTarget target = new FileSetTarget(name, List.of(root), List.of("*.tmp", "cache"), dir.resolve("scratch"),
        Duration.ofHours(1), Duration.ofHours(2));
    Destinations destinations = new Destinations(Map.of(
        "dr-files", new DirectoryDestination("files", drDirectory),
        "small", new DirectoryDestination("files", dir.resolve("small/docs")),
        "standby", new PostgresDestination(new PostgresServer("db2", 5432, "lifeboat", null, null))));
    FileSetSource source = new FileSetSource(new FileSetTargets(Map.of(name, target)), backend.catalog(),
        backend.backups(), backend.stored(), backend.writer(), backend.encryption(), Map.of("lifeboat", "test"),
        destinations);
    files = OneSourceActivities.stub(environment, source, name, backend.catalog());
  }

  @AfterEach
  void stop() {
    environment.close();
  }

  @Test
  void restoresIntoTheDestinationsDirectoryLeavingTheOriginalPathsAlone() throws Exception {
    String backupId = backUp();
    Map<String, String> original = FileTrees.describe(root);
    Destination dr = to("dr-files", null);

    DestinationState state = files.inspect(dr);
    Staged staged = files.restoreStaged(backupId, dr, "run-1");
    assertThat(files.compare(backupId, dr, staged).matches()).isTrue();
    Committed committed = files.commit(backupId, dr, staged, "run-1");
    files.dropReplaced(dr, committed);

    assertThat(state).isEqualTo(new DestinationState("directory " + drDirectory, false, "does not exist", false));
    FileTrees.assertSameTree(drDirectory, root);
    assertThat(FileTrees.describe(root)).isEqualTo(original);
  }

  @Test
  void aHostAndPortIsRefusedBecauseFilesHaveNoServer() {
    assertThatThrownBy(() -> files.inspect(to("db2.dr.example:22", null)))
        .isInstanceOf(ActivityFailure.class)
        .cause().hasMessageContaining("a files target has no server to restore onto (db2.dr.example:22); give a"
            + " directory of this machine (--into /path) or a destination of kind files (--to NAME)");
  }

  @Test
  void aDestinationOfAnotherKindIsRefusedNamingBothKinds() {
    assertThatThrownBy(() -> files.inspect(to("standby", null)))
        .isInstanceOf(ActivityFailure.class)
        .cause().hasMessageContaining("destination 'standby' is of kind postgres and the target is of kind files;"
            + " nothing was changed. Restore onto a destination of kind files (dr-files, small)");
  }

  @Test
  void aDestinationAndADirectoryAtOnceAreRefused() {
    assertThatThrownBy(() -> files.inspect(to("dr-files", "/srv/elsewhere")))
        .isInstanceOf(ActivityFailure.class)
        .cause().hasMessageContaining("destination dr-files is the directory " + drDirectory + " and the restore"
            + " also names '/srv/elsewhere'; give one of them");
  }

  @Test
  void aFilesystemWithoutRoomIsRefusedBeforeAnythingIsWritten() throws Exception {
    String backupId = backUp();
    Path small = dir.resolve("small");
    Files.createDirectories(small);
    // A filesystem of 1 MiB, smaller than the room a restore keeps free: only root may mount one.
    assumeTrue(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
        .inheritIO().start().waitFor() == 0, "cannot mount a small tmpfs here (not root)");
    try {
      assertThatThrownBy(() -> files.restoreStaged(backupId, to("small", null), "run-1"))
          .isInstanceOf(ActivityFailure.class)
          .cause().hasMessageContaining("backup " + backupId + " restored into " + small.resolve("docs") + " needs ")
          .hasMessageContaining(" bytes and the filesystem of " + small + " has ")
          .hasMessageContaining(" bytes free; nothing was changed. Free space there, or restore into another"
              + " directory");
      try (var left = Files.list(small)) {
        assertThat(left).as("nothing written").isEmpty();
      }
    } finally {
      new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
    }
  }

  private Destination to(String server, String place) {
    return new Destination(TargetRef.of(name), place, server, false, false);
  }

  private String backUp() {
    String backupId = "20260101T000000Z-" + name;
    backend.index(files.backup(new SourceBackupRequest(TargetRef.of(name), backupId, "backup:" + name, "run", null)));
    return backupId;
  }
}
