package io.lifeboat.config.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.config.AwsStoreConfig;
import io.lifeboat.config.SecretStoresConfig;
import io.lifeboat.testing.MotoServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** {@code aws-secretsmanager:} and {@code aws-kms:} references against moto's server (real KMS and Secrets Manager APIs). */
@Timeout(120)
class AwsSecretStoresTest {
  @TempDir static Path dir;
  private static MotoServer moto;
  private static String kmsKey;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start(dir.resolve("moto"));
    try (SecretsManagerClient secrets = SecretsManagerClient.builder().region(Region.of(MotoServer.REGION))
        .endpointOverride(moto.endpoint()).build()) {
      secrets.createSecret(r -> r.name("lifeboat/pg").secretString("{\"password\":\"s3cret\",\"user\":\"backup\"}"));
      secrets.createSecret(r -> r.name("lifeboat/plain").secretString("just-a-string"));
    }
    try (KmsClient kms = kms()) {
      kmsKey = kms.createKey(r -> r.description("lifeboat test")).keyMetadata().keyId();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    moto.close();
  }

  @Test
  void readsASecretStringAndAFieldOfItsJson() {
    SecretStores stores = stores(moto.config());

    assertThat(stores.read("aws-secretsmanager:lifeboat/plain")).isEqualTo("just-a-string");
    assertThat(stores.read("aws-secretsmanager:lifeboat/pg#password")).isEqualTo("s3cret");
  }

  @Test
  void aMissingJsonFieldOrSecretIsNamed() {
    SecretStores stores = stores(moto.config());

    assertThatThrownBy(() -> stores.read("aws-secretsmanager:lifeboat/pg#passwd"))
        .isInstanceOf(SecretException.class)
        .hasMessage("cannot read aws-secretsmanager:lifeboat/pg#passwd: the secret lifeboat/pg has no text field"
            + " 'passwd'; add it to the secret's JSON or correct the reference");
    assertThatThrownBy(() -> stores.read("aws-secretsmanager:lifeboat/redis"))
        .isInstanceOf(SecretException.class)
        .hasMessage("cannot read aws-secretsmanager:lifeboat/redis: Secrets Manager at " + moto.endpoint()
            + " has no secret lifeboat/redis; create it (aws secretsmanager create-secret --name lifeboat/redis) or"
            + " correct the reference");
  }

  @Test
  void decryptsAKmsCiphertextAndAnEnvelopeLargerThanKmsTakesDirectly() throws Exception {
    Path small = dir.resolve("passphrase.kms");
    try (KmsClient kms = kms()) {
      byte[] blob = kms.encrypt(r -> r.keyId(kmsKey).plaintext(SdkBytes.fromUtf8String("correct horse")))
          .ciphertextBlob().asByteArray();
      Files.writeString(small, Base64.getEncoder().encodeToString(blob) + "\n");
    }
    String large = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n" + "A".repeat(6000) + "\n";
    Path envelope = dir.resolve("key.asc.kms");
    Files.writeString(envelope, AwsKms.of(moto.config()).seal(kmsKey, large));
    SecretStores stores = stores(moto.config());

    assertThat(stores.read("aws-kms:" + small)).isEqualTo("correct horse");
    assertThat(stores.read("aws-kms:" + envelope)).isEqualTo(large);
    assertThat(Files.readString(envelope, StandardCharsets.US_ASCII)).doesNotContain("BEGIN PGP");
  }

  @Test
  void aDamagedEnvelopeIsRefused() throws Exception {
    Path envelope = dir.resolve("damaged.kms");
    String[] lines = AwsKms.of(moto.config()).seal(kmsKey, "secret").split("\n");
    byte[] sealed = Base64.getDecoder().decode(lines[1]);
    sealed[sealed.length - 1] ^= 1;
    Files.writeString(envelope, lines[0] + "\n" + Base64.getEncoder().encodeToString(sealed) + "\n");

    assertThatThrownBy(() -> stores(moto.config()).read("aws-kms:" + envelope))
        .isInstanceOf(SecretException.class)
        .hasMessage("cannot read aws-kms:" + envelope + ": the envelope in " + envelope + " does not decrypt with"
            + " its data key (AEADBadTagException); the file is damaged: seal the secret again");
  }

  @Test
  void anUnreachableStoreNamesTheEndpointAndWhatToCheck() throws Exception {
    AwsStoreConfig down = new AwsStoreConfig();
    down.setRegion(MotoServer.REGION);
    down.setEndpoint(URI.create("http://127.0.0.1:" + MotoServer.freePort()));

    assertThatThrownBy(() -> stores(down).read("aws-secretsmanager:lifeboat/pg#password"))
        .isInstanceOf(SecretException.class)
        .hasMessageStartingWith("cannot read aws-secretsmanager:lifeboat/pg#password: Secrets Manager at "
            + down.getEndpoint() + " is unreachable or no AWS credentials were found (")
        .hasMessageEndingWith("); check secretStores.aws and the AWS credentials")
        .hasMessageNotContaining("\n");
  }

  private static SecretStores stores(AwsStoreConfig aws) {
    SecretStoresConfig config = new SecretStoresConfig();
    config.setAws(aws);
    return new SecretStores(config, Map.of());
  }

  private static KmsClient kms() {
    return KmsClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(moto.endpoint()).build();
  }
}
