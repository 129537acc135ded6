package io.lifeboat.activities.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenPgpKeysTest {

  @Test
  void gpgImportsTheGeneratedKeyWithItsEncryptionSubkey() throws Exception {
    TestKeys alice = TestKeys.alice();
    try (Gpg gpg = Gpg.withTemporaryHome()) {
      Gpg.Result imported = gpg.importKey(alice.secretKeyFile());
      assertThat(imported.exitCode()).as(imported.describe()).isZero();

      Gpg.Result listed = gpg.run("--with-colons", "--list-secret-keys");
      assertThat(listed.stdout())
          .contains("fpr:::::::::" + alice.fingerprint() + ":")
          .containsPattern("ssb:-:3072:1:[0-9A-F]{16}:.*:e:");
    }
  }

  @Test
  void readsArmoredTextAndFilesAlike() throws Exception {
    TestKeys alice = TestKeys.alice();
    String armored = Files.readString(alice.publicKeyFile(), StandardCharsets.US_ASCII);

    PGPPublicKeyRing fromText = OpenPgpKeys.publicKeys(armored).get(0);
    PGPPublicKeyRing fromPath = OpenPgpKeys.publicKeys(alice.publicKeyFile().toString()).get(0);

    assertThat(OpenPgpKeys.fingerprint(fromText)).isEqualTo(OpenPgpKeys.fingerprint(fromPath));
    assertThat(OpenPgpKeys.fingerprint(fromText)).matches("[0-9A-F]{40}");
  }

  @Test
  void encryptsToTheSubkeyAndDecryptsWithIt() {
    PGPPublicKey encryptionKey = OpenPgpKeys.encryptionKey(TestKeys.alice().publicKeys().get(0));

    assertThat(encryptionKey.isMasterKey()).isFalse();
    assertThat(TestKeys.alice().secretKeys().privateKey(encryptionKey.getKeyID())).isPresent();
  }

  @Test
  void theSecretKeyFileIsReadableByItsOwnerOnly() throws Exception {
    assertThat(PosixFilePermissions.toString(
            Files.getPosixFilePermissions(TestKeys.alice().secretKeyFile())))
        .isEqualTo("rw-------");
  }

  @Test
  void unlocksAKeyExportedByGpgWithItsPassphrase(@TempDir Path dir) throws Exception {
    Path exported = dir.resolve("secret.asc");
    try (Gpg gpg = Gpg.withTemporaryHome()) {
      Gpg.Result generated = gpg.run("--passphrase", "correct horse",
          "--quick-generate-key", "Bob <bob@lifeboat.test>", "rsa2048", "sign,encrypt", "never");
      assertThat(generated.exitCode()).as(generated.describe()).isZero();
      Gpg.Result export = gpg.run("--passphrase", "correct horse", "--armor",
          "--output", exported.toString(), "--export-secret-keys", "bob@lifeboat.test");
      assertThat(export.exitCode()).as(export.describe()).isZero();
    }

    SecretKeys unlocked = OpenPgpKeys.secretKeys(exported, "correct horse".toCharArray());
    assertThat(unlocked.keyIds()).isNotEmpty();

    assertThatThrownBy(() -> OpenPgpKeys.secretKeys(exported, "wrong".toCharArray()))
        .isInstanceOf(KeyLoadingException.class)
        .hasMessageContaining("wrong passphrase");
    assertThatThrownBy(() -> OpenPgpKeys.secretKeys(exported, null))
        .isInstanceOf(KeyLoadingException.class)
        .hasMessageContaining("protected by a passphrase");
  }

  @Test
  void aPublicKeyFileThatIsNotAKeySaysWhatWasExpected(@TempDir Path dir) throws Exception {
    Path notAKey = Files.writeString(dir.resolve("key.asc"), "hello");

    assertThatThrownBy(() -> OpenPgpKeys.publicKeys(notAKey))
        .isInstanceOf(KeyLoadingException.class)
        .hasMessageContaining(notAKey.toString());
  }
}
