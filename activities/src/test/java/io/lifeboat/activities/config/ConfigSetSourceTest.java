package io.lifeboat.activities.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lifeboat.activities.files.FileSetTarget;
import io.lifeboat.activities.files.FileSetTargets;
import io.lifeboat.activities.sources.BackupBackend;
import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * A configuration tree as a source, against real files, S3Proxy and a catalog: its staged files
 * are validated before anything is swapped in, so an invalid one fails the restore naming the file
 * and line and leaves the destination as it was; a valid one goes in as any file set does.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConfigSetSourceTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  private static final AtomicInteger TARGETS = new AtomicInteger();

  private static BackupBackend backend;

  private final TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
  @TempDir Path dir;
  private SourceActivities config;
  private String name;
  private Path root;

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

  /** A configuration tree of its own, with {@code broken} as its third file when not null, backed up. */
  private String backUp(String broken) throws IOException {
    name = "app-config-" + TARGETS.incrementAndGet();
    root = dir.resolve("etc/app");
    Files.createDirectories(root.resolve("conf.d"));
    Files.writeString(root.resolve("app.yaml"), "server:\n  port: 8080\n");
    Files.writeString(root.resolve("conf.d/feature.json"), "{\"beta\": true}\n");
    Files.writeString(root.resolve("conf.d/limits.yaml"), broken == null ? "requests: 100\n" : broken);
    Files.writeString(root.resolve("README.txt"), "no check applies to this one\n");
    FileSetTarget target = new FileSetTarget(name, List.of(root), List.of(), dir.resolve("scratch"),
        Duration.ofHours(1), Duration.ofHours(1), SourceKinds.CONFIG, List.of());
    ConfigSetSource source = new ConfigSetSource(new FileSetTargets(Map.of(name, target)), Map.of(),
        backend.catalog(), backend.backups(), backend.stored(), backend.writer(), backend.encryption(),
        Map.of("lifeboat", "test"));
    assertThat(source.targetKind()).isEqualTo(SourceKinds.CONFIG);
    assertThat(source.backupKinds()).containsExactly(SourceKinds.CONFIG);
    config = OneSourceActivities.stub(environment, source, name, backend.catalog());
    String backupId = "20260101T000000Z-" + name;
    backend.index(config.backup(new SourceBackupRequest(TargetRef.of(name), backupId, "backup:" + name, "run",
        null)));
    return backupId;
  }

  private Destination originalPaths() {
    return new Destination(TargetRef.of(name), null);
  }

  @Test
  void anInvalidFileInTheBackupFailsTheRestoreNamingFileAndLineAndTouchesNothing() throws Exception {
    String backupId = backUp("requests: 100\nburst:\n\tsize: 5\n"); // a tab cannot indent YAML
    Files.writeString(root.resolve("app.yaml"), "server:\n  port: 9090\n");
    Map<String, String> live = contents(root);

    ApplicationFailure invalid = failure(() -> config.restoreStaged(backupId, originalPaths(), "run-1"));

    assertThat(invalid.getType()).isEqualTo(FailureTypes.INVALID_CONFIGURATION);
    assertThat(invalid.isNonRetryable()).isTrue();
    assertThat(invalid.getOriginalMessage()).startsWith("configuration backup " + backupId + " of " + name
        + " holds 1 invalid file; nothing was swapped in")
        .contains(root.resolve("conf.d/limits.yaml") + " line 3: invalid YAML");
    assertThat(contents(root)).as("the destination as it was").isEqualTo(live);
    assertThat(beside(root)).as("no staged copy left behind").containsExactly("app");

    ApplicationFailure tested = failure(() -> config.testRestore(backupId));
    assertThat(tested.getType()).isEqualTo(FailureTypes.INVALID_CONFIGURATION);
    assertThat(tested.getOriginalMessage()).contains(root.resolve("conf.d/limits.yaml") + " line 3: ");
    assertThat(dir.resolve("scratch")).as("the scratch copy removed all the same").isEmptyDirectory();
  }

  @Test
  void aValidConfigurationIsValidatedThenSwappedIn() throws Exception {
    String backupId = backUp(null);
    Map<String, String> backedUp = contents(root);
    Files.writeString(root.resolve("app.yaml"), "server:\n  port: 9090\n");

    Staged staged = config.restoreStaged(backupId, originalPaths(), "run-2");
    assertThat(staged.summary()).contains("; 3 files validated (json 1, yaml 2), 1 not checked");
    assertThat(config.compare(backupId, originalPaths(), staged).matches()).isTrue();
    Committed committed = config.commit(backupId, originalPaths(), staged, "run-2");
    assertThat(contents(root)).isEqualTo(backedUp);
    config.dropReplaced(originalPaths(), committed);
    assertThat(beside(root)).containsExactly("app");

    TestRestoreReport tested = config.testRestore(backupId);
    assertThat(tested.comparison().matches()).isTrue();
    assertThat(tested.summary()).contains("3 files validated");
  }

  /** Every regular file under {@code root} by relative path, with its content. */
  private static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> contents = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      all.filter(Files::isRegularFile).forEach(p -> {
        try {
          contents.put(root.relativize(p).toString(), Files.readString(p));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return contents;
  }

  private static List<String> beside(Path path) throws IOException {
    try (Stream<Path> names = Files.list(path.getParent())) {
      return names.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The application failure an activity call ends with. */
  private static ApplicationFailure failure(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(ActivityFailure.class);
    assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) thrown.getCause();
  }
}
