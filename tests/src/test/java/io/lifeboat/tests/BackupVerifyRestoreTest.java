package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.temporal.common.SearchAttributes;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import io.lifeboat.workflows.common.RunAttributes;
import io.lifeboat.activities.runs.TemporalRunningRuns;
import io.lifeboat.activities.runs.RunningRuns;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.demo.DatabaseFingerprint;
import io.lifeboat.worker.demo.SampleDatabase;
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
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup → verify → restore against the real components: PostgreSQL 15, S3Proxy, the Temporal
 * test server over gRPC, and gpg/zstd/pg_restore for the break-glass path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupVerifyRestoreTest {
  private static final List<String> TARGETS =
      List.of("roundtrip", "corrupt", "badsig", "wrongkey", "nonempty", "breakglass", "busy");

  @TempDir static Path dir;
  private LifeboatStack stack;

  @BeforeAll
  void start() throws Exception {
    stack = LifeboatStack.start(dir, TARGETS, true);
    for (String target : TARGETS) {
      try (Connection db = stack.embedded.postgres().connect(target)) {
        SampleDatabase.create(db, 3);
      }
    }
  }

  @AfterAll
  void stop() throws Exception {
    stack.close();
  }

  private BackupResult backup(String target) {
    return stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(target))
        .backup(new BackupRequest(target, "test", "tester"));
  }

  /** A restore that replaces data is approved by a second person, as the target requires by default. */
  private RestoreResult restore(String target, String backup, String into, boolean replace) {
    return SecondPerson.approves(stack.workflow(RestoreWorkflow.class, RestoreWorkflow.workflowId(target, into)),
        new RestoreRequest(target, backup, into, replace, null, "tester"));
  }

  private VerifyResult verify(String backupId) {
    return stack.workflow(VerifyWorkflow.class, VerifyWorkflow.workflowId(backupId))
        .verify(new VerifyRequest(backupId, true, "tester"));
  }

  private String storedDump(BackupResult backup) {
    return backup.manifestKey().replace("manifest.json", "dump.zst.pgp");
  }

  @Test
  void restoredDataEqualsTheSourceByFullPgDump() throws Exception {
    DatabaseFingerprint source = DatabaseFingerprint.of(stack.server(), "roundtrip");
    BackupResult backup = backup("roundtrip");

    VerifyResult verified = verify(backup.backupId());
    RestoreResult restored = restore("roundtrip", backup.backupId(), "roundtrip_restored", false);

    assertThat(verified.testRestore().comparison().compared()).as("five tables; their large objects are compared too, not counted as a table").isEqualTo(5);
    assertThat(stack.catalog.findBackup(backup.backupId())).get().extracting(BackupEntry::verifiedAt).isNotNull();
    assertThat(restored.safetyBackupId()).isNull();
    assertThat(restored.achievedRpoMillis()).isPositive();
    assertThat(DatabaseFingerprint.of(stack.server(), "roundtrip_restored")).isEqualTo(source);
    assertThat(backup.storedBytes()).isLessThan(backup.rawBytes());
  }

  @Test
  void verificationCatchesAFlippedByteAndLeavesTheBackupAlone() throws Exception {
    BackupResult backup = backup("corrupt");
    Path stored = stack.storedFile(storedDump(backup));
    long size = Files.size(stored);
    try (RandomAccessFile file = new RandomAccessFile(stored.toFile(), "rw")) {
      file.seek(size / 2);
      int b = file.read();
      file.seek(size / 2);
      file.write(b ^ 0x01);
    }

    assertThatThrownBy(() -> verify(backup.backupId()))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.INTEGRITY);
          assertThat(Failures.message(e.getCause())).contains("dump.zst.pgp");
        });
    assertThat(Files.size(stored)).isEqualTo(size);
    assertThat(stack.catalog.findBackup(backup.backupId())).get()
        .satisfies(entry -> assertThat(entry.verifiedAt()).isNull());
    assertThat(stack.embedded.postgres().databaseExists("lifeboat_verify_" + backup.backupId().toLowerCase()
        .replaceAll("[^a-z0-9]", "_"))).isFalse();
  }

  @Test
  void verificationRejectsAManifestSignedByAnUntrustedKey() throws Exception {
    BackupResult backup = backup("badsig");
    Path otherPublic = dir.resolve("other.pub.asc");
    Path otherSecret = dir.resolve("other.sec.asc");
    OpenPgpKeys.generate("Not the signer", otherPublic, otherSecret);
    ManifestSigner forger = new ManifestSigner(OpenPgpKeys.secretKeys(otherSecret, null));
    Path manifest = stack.storedFile(backup.manifestKey());
    Files.write(stack.storedFile(backup.manifestKey() + ".sig"), forger.sign(Files.readAllBytes(manifest)));

    assertThatThrownBy(() -> verify(backup.backupId()))
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.BAD_SIGNATURE));
  }

  @Test
  void restoreWithTheWrongDecryptionKeyFailsClearlyAndCreatesNothing() throws Exception {
    BackupResult backup = backup("wrongkey");
    Path otherPublic = dir.resolve("stranger.pub.asc");
    Path otherSecret = dir.resolve("stranger.sec.asc");
    OpenPgpKeys.generate("A stranger", otherPublic, otherSecret);
    LifeboatConfiguration wrong = LifeboatConfigLoader.load(stack.embedded.configFile());
    wrong.getTemporal().setTaskQueue("wrong-key");
    wrong.getEncryption().getDecryptionKey().setFile(otherSecret);
    LifeboatWorker wrongWorker = new LifeboatWorker(wrong, new MetricRegistry());
    wrongWorker.start();
    try {
      RestoreWorkflow restore = stack.client().newWorkflowStub(RestoreWorkflow.class, WorkflowOptions.newBuilder()
          .setTaskQueue("wrong-key").setWorkflowId("restore:wrongkey:wrongkey_restored").build());

      assertThatThrownBy(() -> restore.restore(new RestoreRequest("wrongkey", backup.backupId(), "wrongkey_restored",
          false, null, "tester")))
          .satisfies(e -> {
            assertThat(Failures.type(e)).isEqualTo(FailureTypes.WRONG_KEY);
            assertThat(Failures.message(e.getCause())).containsIgnoringCase("key");
          });
      assertThat(stack.embedded.postgres().databaseExists("wrongkey_restored")).isFalse();
    } finally {
      wrongWorker.stop();
    }
  }

  @Test
  void restoreIntoANonEmptyDatabaseIsRefusedUnlessReplacingAfterASafetyBackup() throws Exception {
    BackupResult backup = backup("nonempty");
    try (Connection db = stack.embedded.postgres().connect("nonempty")) {
      db.createStatement().execute("INSERT INTO audit.events (at, actor, action, payload) "
          + "VALUES (now(), 'after-backup', 'write', '{}')");
    }
    DatabaseFingerprint before = DatabaseFingerprint.of(stack.server(), "nonempty");

    assertThatThrownBy(() -> restore("nonempty", "latest", "nonempty", false))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.DESTINATION_NOT_EMPTY);
          assertThat(Failures.message(e.getCause())).contains("--replace");
        });
    assertThat(DatabaseFingerprint.of(stack.server(), "nonempty")).isEqualTo(before);

    RestoreResult replaced = restore("nonempty", "latest", "nonempty", true);

    assertThat(replaced.backupId()).isEqualTo(backup.backupId());
    assertThat(stack.catalog.findBackup(replaced.safetyBackupId())).get()
        .satisfies(safety -> assertThat(safety.kind()).isEqualTo("pg-safety"));
    assertThat(DatabaseFingerprint.of(stack.server(), "nonempty")).isNotEqualTo(before);
    // "latest" never means a safety backup.
    assertThat(stack.catalog.latestBackup("nonempty", "pg-dump")).get()
        .extracting(BackupEntry::backupId).isEqualTo(backup.backupId());
  }

  @Test
  void breakGlassRestoreWithGpgZstdAndPgRestoreByHand() throws Exception {
    DatabaseFingerprint source = DatabaseFingerprint.of(stack.server(), "breakglass");
    BackupResult backup = backup("breakglass");
    Path gnupgHome = Files.createDirectories(dir.resolve("gnupg"));
    Files.setPosixFilePermissions(gnupgHome, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Path secretKey = Path.of(stack.config.getEncryption().getDecryptionKey().getFile().toString());
    stack.embedded.postgres().createDatabase("breakglass_by_hand");

    Shell.run(gnupgHome, "gpg --batch --import " + secretKey);
    Shell.run(gnupgHome, "gpg --batch --decrypt " + stack.storedFile(storedDump(backup))
        + " | zstd -d | pg_restore --exit-on-error -h 127.0.0.1 -p " + stack.embedded.postgres().port()
        + " -U postgres -d breakglass_by_hand");

    assertThat(DatabaseFingerprint.of(stack.server(), "breakglass_by_hand")).isEqualTo(source);
  }

  /**
   * A run in progress of the given type on target {@code busy}, reading {@code backupId}: started on
   * a task queue no worker polls, it stays running until terminated, as a long backup would.
   */
  private WorkflowStub running(String workflowType, String runType, String workflowId, String backupId) {
    WorkflowStub run = stack.client().newUntypedWorkflowStub(workflowType, WorkflowOptions.newBuilder()
        .setTaskQueue("nobody-polls-this").setWorkflowId(workflowId)
        .setTypedSearchAttributes(SearchAttributes.newBuilder().set(RunAttributes.TARGET, "busy")
            .set(RunAttributes.RUN_TYPE, runType).set(RunAttributes.BACKUP_ID, backupId).build())
        .build());
    run.start(new BackupRequest("busy", "held open by the test", "tester"));
    return run;
  }

  @Test
  void aRestoreRefusesToOverlapABackupOfItsTargetAndNothingDeletesABackupBeingRead() throws Exception {
    BackupResult backup = backup("busy");
    WorkflowStub backingUp = running("BackupWorkflow", "BACKUP", "backup:busy:held", "next");
    WorkflowStub verifying = running("VerifyWorkflow", "VERIFY", "verify:busy:held", backup.backupId());
    try {
      RunningRuns runs = new TemporalRunningRuns(stack.client());
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); // visibility catches up
      while ((runs.changing("busy", null).isEmpty() || runs.reading(backup.backupId()).isEmpty())
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(runs.reading(backup.backupId())).containsExactly("verify:busy:held");
      assertThat(runs.changing("busy", "backup:busy:held")).isEmpty();

      assertThatThrownBy(() -> restore("busy", backup.backupId(), "busy_restored", false))
          .isInstanceOf(WorkflowFailedException.class)
          .satisfies(e -> {
            assertThat(Failures.type(e)).isEqualTo(FailureTypes.TARGET_BUSY);
            assertThat(Failures.message(e.getCause())).contains("backup:busy:held", "nothing was changed");
          });
      assertThat(stack.embedded.postgres().databaseExists("busy_restored")).isFalse();
    } finally {
      backingUp.terminate("test over");
      verifying.terminate("test over");
    }
  }

  @Test
  void aSecondBackupRequestWhileOneRunsIsRefused() {
    WorkflowClient client = stack.client();
    BackupWorkflow first = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("roundtrip"));
    WorkflowClient.start(first::backup, new BackupRequest("roundtrip", "first", "tester"));
    BackupWorkflow second = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("roundtrip"));

    assertThatThrownBy(() -> WorkflowClient.start(second::backup, new BackupRequest("roundtrip", "second", "tester")))
        .isInstanceOf(io.temporal.client.WorkflowExecutionAlreadyStarted.class);
    client.newUntypedWorkflowStub(BackupWorkflow.workflowId("roundtrip")).getResult(BackupResult.class);
  }
}
