package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.embedded.EmbeddedPostgres15;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A {@code kind: files} target through the same workflows, API and CLI use for every target:
 * backup (then an unchanged incremental), verify with a test restore, restore elsewhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileSetBackupVerifyRestoreTest {
  @TempDir static Path dir;
  private EmbeddedStack embedded;
  private LifeboatWorker worker;
  private TemporalConnection temporal;
  private LifeboatConfiguration config;
  private Catalog catalog;
  private Path source;

  @BeforeAll
  void start() throws Exception {
    source = dir.resolve("srv/uploads");
    Files.createDirectories(source.resolve("a/b"));
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      byte[] data = new byte[100_000];
      random.nextBytes(data);
      Files.write(source.resolve("a/b/blob-" + i), data);
    }
    Files.writeString(source.resolve("a/notes.txt"), "notes\n");
    Files.setAttribute(source.resolve("a/notes.txt"), "unix:mode", 0640);
    Files.setLastModifiedTime(source.resolve("a/notes.txt"), FileTime.from(Instant.parse("2022-02-02T02:02:02.5Z")));
    Files.createSymbolicLink(source.resolve("current"), Path.of("a/b"));
    Files.writeString(source.resolve("a/skip.tmp"), "not backed up");

    embedded = EmbeddedStack.start(dir.resolve("stack"), dir.resolve("keys"), SharedTemporal.server(),
        SharedTemporal.newNamespace());
    String yaml = Files.readString(embedded.configFile()).replace("targets: {}\n", """
        targets:
          uploads:
            kind: files
            paths: [%s]
            excludes: ["*.tmp"]
            scratchDirectory: %s
            rpo: 1h
            rto: 15m
        """.formatted(source, dir.resolve("scratch")));
    Files.createDirectories(dir.resolve("scratch"));
    Files.writeString(embedded.configFile(), yaml);
    config = LifeboatConfigLoader.load(embedded.configFile());
    worker = new LifeboatWorker(config, new MetricRegistry());
    worker.start();
    temporal = TemporalConnection.open(config.getTemporal());
    PGSimpleDataSource catalogDb = new PGSimpleDataSource();
    catalogDb.setUrl(embedded.postgres().jdbcUrl(EmbeddedStack.CATALOG_DATABASE));
    catalogDb.setUser(EmbeddedPostgres15.USER);
    catalog = new Catalog(catalogDb);
  }

  @AfterAll
  void stop() throws Exception {
    worker.stop();
    temporal.stop();
    embedded.close();
  }

  private <T> T workflow(Class<T> type, String workflowId) {
    return temporal.client().newWorkflowStub(type, WorkflowOptions.newBuilder()
        .setTaskQueue(config.getTemporal().getTaskQueue()).setWorkflowId(workflowId).build());
  }

  private BackupResult backup() {
    return workflow(BackupWorkflow.class, BackupWorkflow.workflowId("uploads"))
        .backup(new BackupRequest("uploads", "test", "tester"));
  }

  @Test
  void backupIncrementVerifyAndRestoreElsewhere() throws Exception {
    BackupResult first = backup();
    BackupResult second = backup();

    assertThat(first.kind()).isEqualTo("files");
    assertThat(first.rawBytes()).isEqualTo(20 * 100_000 + 6);
    assertThat(second.storedBytes()).isLessThan(first.storedBytes() / 100);
    assertThat(catalog.findBackup(second.backupId())).get().extracting(BackupEntry::parentBackupId)
        .isEqualTo(first.backupId());

    VerifyResult verified = workflow(VerifyWorkflow.class, VerifyWorkflow.workflowId(second.backupId()))
        .verify(new VerifyRequest(second.backupId(), true, "tester"));
    assertThat(verified.testRestore().comparison().compared()).as("files restored and hashed").isEqualTo(21);
    assertThat(catalog.findBackup(second.backupId())).get().extracting(BackupEntry::verifiedAt).isNotNull();
    try (var scratch = Files.list(dir.resolve("scratch"))) {
      assertThat(scratch).as("scratch directory removed").isEmpty();
    }

    Path into = dir.resolve("restored");
    RestoreResult restored = workflow(RestoreWorkflow.class, RestoreWorkflow.workflowId("uploads", into.toString()))
        .restore(new RestoreRequest("uploads", "latest", into.toString(), false, null, "tester"));
    assertThat(restored.backupId()).isEqualTo(second.backupId());
    assertThat(into.resolve("a/b/blob-7")).hasSameBinaryContentAs(source.resolve("a/b/blob-7"));
    assertThat(Files.getAttribute(into.resolve("a/notes.txt"), "unix:mode")).isEqualTo(0100640);
    assertThat(Files.getLastModifiedTime(into.resolve("a/notes.txt")))
        .isEqualTo(FileTime.from(Instant.parse("2022-02-02T02:02:02.5Z")));
    assertThat(Files.readSymbolicLink(into.resolve("current"))).isEqualTo(Path.of("a/b"));
    assertThat(into.resolve("a/skip.tmp")).doesNotExist();
    assertThat(Files.exists(into.resolve("current"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void restoringOverTheOriginalPathsMustBeAskedFor() {
    backup();
    assertThatThrownBy(() -> workflow(RestoreWorkflow.class, RestoreWorkflow.workflowId("uploads", "in-place"))
        .restore(new RestoreRequest("uploads", "latest", "", false, null, "tester")))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.DESTINATION_NOT_EMPTY);
          assertThat(Failures.message(e.getCause())).contains("--replace");
        });
  }
}
