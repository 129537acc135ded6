package io.lifeboat.activities.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.files.DirectoryDestination;
import io.lifeboat.activities.files.FileSetTarget;
import io.lifeboat.activities.files.FileSetTargets;
import io.lifeboat.activities.sources.BackupBackend;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceKinds;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration tree restored into a {@code config} destination's directory, validated there
 * before the swap, with its original paths untouched; a {@code files} destination is another kind
 * and is refused, naming both.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigDestinationTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  private static BackupBackend backend;

  private final TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
  @TempDir Path dir;

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

  @Test
  void restoresIntoTheConfigDestinationsDirectoryAndRefusesAFilesOne() throws Exception {
    Path root = dir.resolve("etc/app");
    Files.createDirectories(root);
    Files.writeString(root.resolve("app.yaml"), "server:\n  port: 8080\n");
    Path drDirectory = dir.resolve("mnt/dr/etc/app");
    FileSetTarget target = new FileSetTarget("app-config", List.of(root), List.of(), dir.resolve("scratch"),
        Duration.ofHours(1), Duration.ofHours(1), SourceKinds.CONFIG, List.of());
    ConfigSetSource source = new ConfigSetSource(new FileSetTargets(Map.of("app-config", target)), Map.of(),
        backend.catalog(), backend.backups(), backend.stored(), backend.writer(), backend.encryption(),
        Map.of("lifeboat", "test"), new Destinations(Map.of(
            "dr-config", new DirectoryDestination(SourceKinds.CONFIG, drDirectory),
            "dr-files", new DirectoryDestination(SourceKinds.FILES, dir.resolve("mnt/dr/files")))));
    SourceActivities config = OneSourceActivities.stub(environment, source, "app-config", backend.catalog());
    String backupId = "20260101T000000Z-app-config";
    backend.index(config.backup(new SourceBackupRequest(TargetRef.of("app-config"), backupId, "backup:app-config",
        "run", null)));
    Files.writeString(root.resolve("app.yaml"), "server:\n  port: 9090\n");
    Destination dr = new Destination(TargetRef.of("app-config"), null, "dr-config", false, false);

    Staged staged = config.restoreStaged(backupId, dr, "run-1");
    config.dropReplaced(dr, config.commit(backupId, dr, staged, "run-1"));

    assertThat(drDirectory.resolve("app.yaml")).hasContent("server:\n  port: 8080\n");
    assertThat(root.resolve("app.yaml")).as("the original path, untouched").hasContent("server:\n  port: 9090\n");
    assertThatThrownBy(() -> config.inspect(new Destination(TargetRef.of("app-config"), null, "dr-files", false,
        false)))
        .isInstanceOf(ActivityFailure.class)
        .cause().hasMessageContaining("destination 'dr-files' is of kind files and the target is of kind config;"
            + " nothing was changed. Restore onto a destination of kind config (dr-config)");
  }
}
