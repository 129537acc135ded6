package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys named by secret references: how the encryption section maps them and what it refuses. */
class SecretKeyConfigTest {
  @TempDir Path directory;

  @Test
  void mapsSigningAndDecryptionKeysFromSecretStores() throws Exception {
    LifeboatConfiguration config = LifeboatConfigLoader.load(write("""
          signingKeySecret: "vault:secret/lifeboat/keys#signing"
          decryptionKeys:
            - secret: "vault:secret/lifeboat/keys#backup-2027"
              passphraseSecret: "vault:secret/lifeboat/keys#backup-2027-passphrase"
            - secret: "aws-kms:/etc/lifeboat/keys/backup-2026.asc.kms"
            - file: /etc/lifeboat/keys/escrow.sec.asc
        secretStores:
          vault: {address: "https://vault.internal:8200", namespace: ops}
          aws: {region: eu-north-1, endpoint: "http://127.0.0.1:5000"}
        """), Map.of());

    EncryptionConfig encryption = config.getEncryption();
    assertThat(encryption.getSigningKey()).isNull();
    assertThat(encryption.getSigningKeySecret()).isEqualTo("vault:secret/lifeboat/keys#signing");
    assertThat(encryption.allDecryptionKeys()).extracting(DecryptionKeyConfig::getSecret).containsExactly(
        "vault:secret/lifeboat/keys#backup-2027", "aws-kms:/etc/lifeboat/keys/backup-2026.asc.kms", null);
    assertThat(encryption.allDecryptionKeys().get(0).getPassphraseSecret())
        .isEqualTo("vault:secret/lifeboat/keys#backup-2027-passphrase");
    assertThat(config.getSecretStores().getVault().getTokenEnv()).isEqualTo("VAULT_TOKEN");
    assertThat(config.getSecretStores().getVault().getNamespace()).isEqualTo("ops");
    assertThat(config.getSecretStores().getAws().getEndpoint()).hasToString("http://127.0.0.1:5000");
  }

  @Test
  void refusesTwoSigningKeysAndBothDecryptionKeyForms() throws IOException {
    Path file = write("""
          signingKey: /keys/signer.sec.asc
          signingKeySecret: "vault:secret/lifeboat/keys#signing"
          decryptionKey: {file: /keys/a.sec.asc}
          decryptionKeys: [{secret: "vault:secret/lifeboat/keys#b", passphraseEnv: B, passphraseSecret: "vault:x/y#z"}]
        """);

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("needs exactly one of signingKey (a key file) or signingKeySecret")
        .hasMessageContaining("has both decryptionKey and decryptionKeys: list every key under decryptionKeys")
        .hasMessageContaining("has both passphraseEnv and passphraseSecret");
  }

  @Test
  void refusesTheKeyItselfWhereAReferenceBelongsWithoutShowingIt() throws IOException {
    Path file = write("""
          signingKeySecret: "-----BEGIN PGP PRIVATE KEY BLOCK-----\\nComment: x\\n\\nlQVYBGx0AAAA"
          decryptionKeys: [{secret: "-----BEGIN PGP PRIVATE KEY BLOCK-----\\nComment: y\\n\\nlQVYBGx0BBBB"}]
        """);

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("signingKeySecret takes a secret reference such as"
            + " vault:secret/lifeboat#signingKey, not the key: write it without ${...}")
        .hasMessageContaining("secret and passphraseSecret take a secret reference")
        .hasMessageNotContaining("lQVYBGx0");
  }

  private Path write(String encryption) throws IOException {
    return Files.writeString(directory.resolve("lifeboat.yml"), """
        storage:
          bucket: lifeboat-backups
        catalog:
          driverClass: org.postgresql.Driver
          url: jdbc:postgresql://localhost:5432/lifeboat
        encryption:
          recipients: [/keys/ops.asc]
        """ + encryption);
  }
}
