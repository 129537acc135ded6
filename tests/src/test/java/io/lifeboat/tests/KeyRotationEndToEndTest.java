package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.config.DecryptionKeyConfig;
import io.lifeboat.config.EncryptionConfig;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.config.secrets.AwsKms;
import io.lifeboat.testing.MotoServer;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.demo.DatabaseFingerprint;
import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Key rotation with the keys in a secret store (moto's Secrets Manager and KMS), as docs/security.md
 * describes it: back up to key A; rotate (recipients: key B; decryption keys: A from Secrets Manager
 * and B sealed under KMS; signing key: a new one from Secrets Manager, the old public key kept in
 * verificationKeys); back up again; both backups restore, and the new one is not readable with A.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KeyRotationEndToEndTest {
  private static final String TARGET = "rotation";

  @TempDir Path dir;

  @Test
  void afterARotationNewBackupsGoToTheNewKeyAndOldOnesStillRestore() throws Exception {
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of(TARGET));
        MotoServer moto = MotoServer.start(dir.resolve("moto"))) {
      try (Connection db = stack.embedded.postgres().connect(TARGET)) {
        SampleDatabase.create(db, 3);
      }
      DatabaseFingerprint source = DatabaseFingerprint.of(stack.server(), TARGET);
      Path keys = dir.resolve("keys"); // key A (backup.*) and signing key 1 (signing.*) of the embedded stack
      BackupResult beforeRotation = backup(stack, stack.config.getTemporal().getTaskQueue());

      // The rotation: a new key pair B and a new signing key, the secret halves only in the stores.
      Path rotated = Files.createDirectories(dir.resolve("rotated"));
      OpenPgpKeys.generate("Lifeboat backups 2", rotated.resolve("b.pub.asc"), rotated.resolve("b.sec.asc"));
      OpenPgpKeys.generate("Lifeboat manifests 2", rotated.resolve("signing2.pub.asc"),
          rotated.resolve("signing2.sec.asc"));
      store(moto, keys.resolve("backup.sec.asc"), rotated.resolve("b.sec.asc"), rotated.resolve("signing2.sec.asc"),
          rotated.resolve("b.sec.asc.kms"));
      Files.delete(rotated.resolve("b.sec.asc"));
      Files.delete(rotated.resolve("signing2.sec.asc"));
      LifeboatConfiguration config = rotatedConfiguration(stack, moto, keys, rotated);
      LifeboatWorker worker = new LifeboatWorker(config, new MetricRegistry());
      worker.start();
      try {
        String queue = config.getTemporal().getTaskQueue();
        BackupResult afterRotation = backup(stack, queue);

        RestoreResult old = restore(stack, queue, beforeRotation.backupId(), "rotation_before");
        RestoreResult current = restore(stack, queue, afterRotation.backupId(), "rotation_after");

        assertThat(old.backupId()).isEqualTo(beforeRotation.backupId());
        assertThat(current.backupId()).isEqualTo(afterRotation.backupId());
        assertThat(DatabaseFingerprint.of(stack.server(), "rotation_before")).isEqualTo(source);
        assertThat(DatabaseFingerprint.of(stack.server(), "rotation_after")).isEqualTo(source);
        // Key A alone, with gpg: reads the old backup, not the new one.
        Path gnupgHome = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupgHome, PosixFilePermissions.fromString("rwx------"));
        Shell.run(gnupgHome, "gpg --batch --import " + keys.resolve("backup.sec.asc"));
        Shell.run(gnupgHome, "gpg --batch --decrypt " + stack.storedFile(dump(beforeRotation)) + " > /dev/null");
        assertThatThrownBy(() -> Shell.run(gnupgHome, "gpg --batch --decrypt "
            + stack.storedFile(dump(afterRotation)) + " > /dev/null"))
            .hasMessageContaining("No secret key");
        // The secrets fetched from the stores were never written to disk.
        try (Stream<Path> files = Files.walk(dir)) {
          assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
              .doesNotContain("b.sec.asc", "signing2.sec.asc");
        }
      } finally {
        worker.stop();
      }
    }
  }

  /** Key A and the new signing key in Secrets Manager, key B sealed under a KMS key in a file. */
  private static void store(MotoServer moto, Path keyA, Path keyB, Path signing2, Path sealedB) throws Exception {
    String a = "{\"armored\": " + new ObjectMapper().writeValueAsString(Files.readString(keyA)) + "}";
    String signing = Files.readString(signing2);
    try (SecretsManagerClient secrets = SecretsManagerClient.builder().region(Region.of(MotoServer.REGION))
        .endpointOverride(moto.endpoint()).build();
        KmsClient kms = KmsClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(moto.endpoint())
            .build()) {
      secrets.createSecret(r -> r.name("lifeboat/backup-key-a").secretString(a));
      secrets.createSecret(r -> r.name("lifeboat/signing-key-2").secretString(signing));
      String kmsKey = kms.createKey(r -> r.description("lifeboat backup keys")).keyMetadata().keyId();
      Files.writeString(sealedB, AwsKms.of(moto.config()).seal(kmsKey, Files.readString(keyB)));
    }
  }

  private static LifeboatConfiguration rotatedConfiguration(LifeboatStack stack, MotoServer moto, Path keys,
      Path rotated) throws Exception {
    LifeboatConfiguration config = LifeboatConfigLoader.load(stack.embedded.configFile());
    config.getTemporal().setTaskQueue("rotated-keys");
    config.getSecretStores().setAws(moto.config());
    EncryptionConfig encryption = config.getEncryption();
    encryption.setRecipients(List.of(rotated.resolve("b.pub.asc")));
    encryption.setSigningKey(null);
    encryption.setSigningKeySecret("aws-secretsmanager:lifeboat/signing-key-2");
    encryption.setVerificationKeys(List.of(keys.resolve("signing.pub.asc"), rotated.resolve("signing2.pub.asc")));
    encryption.setDecryptionKey(null);
    encryption.setDecryptionKeys(List.of(secret("aws-secretsmanager:lifeboat/backup-key-a#armored"),
        secret("aws-kms:" + rotated.resolve("b.sec.asc.kms"))));
    return config;
  }

  private static DecryptionKeyConfig secret(String reference) {
    DecryptionKeyConfig key = new DecryptionKeyConfig();
    key.setSecret(reference);
    return key;
  }

  private static BackupResult backup(LifeboatStack stack, String queue) {
    return stack.client().newWorkflowStub(BackupWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(queue)
        .setWorkflowId(BackupWorkflow.workflowId(TARGET)).build())
        .backup(new BackupRequest(TARGET, "test", "tester"));
  }

  private static RestoreResult restore(LifeboatStack stack, String queue, String backupId, String into) {
    return stack.client().newWorkflowStub(RestoreWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(queue)
        .setWorkflowId(RestoreWorkflow.workflowId(TARGET, into)).build())
        .restore(new RestoreRequest(TARGET, backupId, into, false, null, "tester"));
  }

  private static String dump(BackupResult backup) {
    return backup.manifestKey().replace("manifest.json", "dump.zst.pgp");
  }
}
