package io.lifeboat.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.artifact.WrongKeyException;
import io.lifeboat.activities.crypto.KeyLoadingException;
import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.activities.crypto.SecretKeys;
import io.lifeboat.config.DecryptionKeyConfig;
import io.lifeboat.config.EncryptionConfig;
import io.lifeboat.config.SecretStoresConfig;
import io.lifeboat.config.secrets.SecretException;
import io.lifeboat.config.secrets.SecretStores;
import io.lifeboat.config.VaultStoreConfig;
import io.lifeboat.testing.MotoServer;
import io.lifeboat.testing.VaultKvFake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Keys from a secret store (moto's Secrets Manager): decryption keys are fetched on first use,
 * several may be listed, and a secret that is not a key is refused with the reference named and
 * the secret not shown.
 */
@Timeout(120)
class KeyringSecretsTest {
  @TempDir static Path dir;
  private static MotoServer moto;
  private static Path keys;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start(dir.resolve("moto"));
    keys = Files.createDirectories(dir.resolve("keys"));
    for (String name : List.of("a", "b", "signer")) {
      OpenPgpKeys.generate("Key " + name, keys.resolve(name + ".pub.asc"), keys.resolve(name + ".sec.asc"));
    }
    String a = read("a.sec.asc");
    String b = read("b.sec.asc");
    try (SecretsManagerClient secrets = SecretsManagerClient.builder().region(Region.of(MotoServer.REGION))
        .endpointOverride(moto.endpoint()).build()) {
      secrets.createSecret(r -> r.name("lifeboat/key-a").secretString(a));
      secrets.createSecret(r -> r.name("lifeboat/key-b").secretString(b));
      secrets.createSecret(r -> r.name("lifeboat/not-a-key").secretString("hunter2"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    moto.close();
  }

  @Test
  void decryptionKeysFromTheStoreAreFetchedOnFirstUseAndAllKept() throws Exception {
    EncryptionConfig config = encryption(List.of("aws-secretsmanager:lifeboat/key-a", "aws-secretsmanager:lifeboat/key-b"));

    List<SecretKeys> decryption = Keyring.load(config, stores()).decryption().get();

    assertThat(decryption).flatExtracting(SecretKeys::fingerprints).containsExactly(
        fingerprint("a.pub.asc"), fingerprint("b.pub.asc"));
    assertThat(files()).noneMatch(f -> f.getFileName().toString().contains("key-"));
  }

  @Test
  void aDecryptionKeyInVaultIsFetchedOnceWhenFirstNeeded() throws Exception {
    try (VaultKvFake vault = VaultKvFake.start("hvs.keyring", null)) {
      vault.put("secret", "lifeboat/keys", Map.of("backup", read("b.sec.asc")));
      SecretStoresConfig config = new SecretStoresConfig();
      VaultStoreConfig address = new VaultStoreConfig();
      address.setAddress(vault.address());
      config.setVault(address);

      Keyring keyring = Keyring.load(encryption(List.of("vault:secret/lifeboat/keys#backup")),
          new SecretStores(config, Map.of("VAULT_TOKEN", "hvs.keyring")));

      assertThat(vault.requests()).as("nothing fetched at start").isEmpty();
      assertThat(keyring.decryption().get()).flatExtracting(SecretKeys::fingerprints)
          .containsExactly(fingerprint("b.pub.asc"));
      assertThat(keyring.decryption().get()).hasSize(1);
      assertThat(vault.requests()).containsExactly("/v1/secret/data/lifeboat/keys");
    }
  }

  @Test
  void anUnreachableStoreFailsTheUseRetryablyAndTheNextUseTriesAgain() throws Exception {
    SecretStoresConfig down = new SecretStoresConfig();
    down.setAws(new io.lifeboat.config.AwsStoreConfig());
    down.getAws().setRegion(MotoServer.REGION);
    down.getAws().setEndpoint(java.net.URI.create("http://127.0.0.1:" + MotoServer.freePort()));
    Keyring keyring = Keyring.load(encryption(List.of("aws-secretsmanager:lifeboat/key-a")),
        new SecretStores(down, Map.of()));

    for (int use = 0; use < 2; use++) {
      assertThatThrownBy(() -> keyring.decryption().get())
          .isInstanceOfSatisfying(SecretException.class, e -> assertThat(e.isTransient()).isTrue())
          .hasMessageContaining("cannot read aws-secretsmanager:lifeboat/key-a: Secrets Manager at http://127.0.0.1:")
          .hasMessageContaining("is unreachable");
    }
  }

  @Test
  void aMissingDecryptionKeyIsOnlyNoticedWhenAnObjectIsFirstDecryptedAndIsNotRetried() {
    Keyring keyring = Keyring.load(encryption(List.of("aws-secretsmanager:lifeboat/key-c")), stores());

    assertThatThrownBy(() -> keyring.decryption().get())
        .isInstanceOf(WrongKeyException.class)
        .hasMessage("cannot read aws-secretsmanager:lifeboat/key-c: Secrets Manager at " + moto.endpoint()
            + " has no secret lifeboat/key-c; create it (aws secretsmanager create-secret --name lifeboat/key-c) or"
            + " correct the reference");
  }

  @Test
  void aSecretThatIsNotAnArmoredKeyIsRefusedWithoutShowingIt() {
    Keyring keyring = Keyring.load(encryption(List.of("aws-secretsmanager:lifeboat/not-a-key")), stores());

    assertThatThrownBy(() -> keyring.decryption().get())
        .isInstanceOf(WrongKeyException.class)
        .hasMessage("decryption key aws-secretsmanager:lifeboat/not-a-key is unusable: the secret"
            + " aws-secretsmanager:lifeboat/not-a-key is not an armored OpenPGP secret key (it does not start with"
            + " -----BEGIN PGP PRIVATE KEY BLOCK-----): store the output of `gpg --armor --export-secret-keys KEY`"
            + " in it")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aSigningKeySecretIsReadAtStartAndRefusedAtStartWhenItIsNoKey() throws Exception {
    EncryptionConfig config = encryption(List.of());
    config.setSigningKey(null);
    config.setSigningKeySecret("aws-secretsmanager:lifeboat/key-b");

    assertThat(Keyring.load(config, stores()).signer().signerFingerprint()).isEqualTo(fingerprint("b.pub.asc"));

    config.setSigningKeySecret("aws-secretsmanager:lifeboat/not-a-key");
    assertThatThrownBy(() -> Keyring.load(config, stores()))
        .isInstanceOf(KeyLoadingException.class)
        .hasMessageStartingWith("the secret aws-secretsmanager:lifeboat/not-a-key is not an armored OpenPGP secret key")
        .hasMessageNotContaining("hunter2");
  }

  private static EncryptionConfig encryption(List<String> decryptionSecrets) {
    EncryptionConfig config = new EncryptionConfig();
    config.setRecipients(List.of(keys.resolve("a.pub.asc")));
    config.setSigningKey(keys.resolve("signer.sec.asc"));
    config.setDecryptionKeys(decryptionSecrets.stream().map(secret -> {
      DecryptionKeyConfig key = new DecryptionKeyConfig();
      key.setSecret(secret);
      return key;
    }).toList());
    return config;
  }

  private static SecretStores stores() {
    SecretStoresConfig config = new SecretStoresConfig();
    config.setAws(moto.config());
    return new SecretStores(config, Map.of());
  }

  private static String fingerprint(String publicKey) {
    return OpenPgpKeys.fingerprint(OpenPgpKeys.publicKeys(keys.resolve(publicKey)).get(0));
  }

  private static String read(String file) throws Exception {
    return Files.readString(keys.resolve(file));
  }

  private static List<Path> files() throws Exception {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }
}
