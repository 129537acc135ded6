package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifeboatConfigurationTest {
  private static final Map<String, String> ENVIRONMENT =
      Map.of("LIFEBOAT_SIGNING_PASSPHRASE", "correct horse");

  @Test
  void mapsEveryKeyOfACompleteFile() throws Exception {
    LifeboatConfiguration config = LifeboatConfigLoader.load(fixture("complete.yml"), ENVIRONMENT);

    TemporalConfig temporal = config.getTemporal();
    assertThat(temporal.getTarget()).isEqualTo("temporal.internal:7233");
    assertThat(temporal.getNamespace()).isEqualTo("lifeboat-prod");
    assertThat(temporal.getTaskQueue()).isEqualTo("lifeboat-prod");
    assertThat(temporal.getTls()).isNotNull();
    assertThat(temporal.getTls().isEnabled()).isTrue();
    assertThat(temporal.getTls().getCertChain()).isEqualTo(Path.of("/etc/lifeboat/tls/client.pem"));
    assertThat(temporal.getTls().getPrivateKey()).isEqualTo(Path.of("/etc/lifeboat/tls/client.key"));
    assertThat(temporal.getTls().getTrustCertCollection()).isEqualTo(Path.of("/etc/lifeboat/tls/ca.pem"));

    StorageConfig storage = config.getStorage();
    assertThat(storage.getEndpoint()).isEqualTo(URI.create("https://minio.internal:9000"));
    assertThat(storage.getRegion()).isEqualTo("eu-west-3");
    assertThat(storage.getBucket()).isEqualTo("lifeboat-backups");
    assertThat(storage.getPrefix()).isEqualTo("prod/eu");
    assertThat(storage.getAccessKey()).isEqualTo("AKIAEXAMPLE");
    assertThat(storage.getSecretKey()).isEqualTo("secret-example");
    assertThat(storage.isPathStyle()).isFalse();
    assertThat(storage.getPartSize()).isEqualTo(DataSize.mebibytes(64));
    assertThat(storage.getUploadConcurrency()).isEqualTo(8);

    EncryptionConfig encryption = config.getEncryption();
    assertThat(encryption.getRecipients())
        .containsExactly(Path.of("/etc/lifeboat/keys/ops.asc"), Path.of("/etc/lifeboat/keys/escrow.asc"));
    assertThat(encryption.getSigningKey()).isEqualTo(Path.of("/etc/lifeboat/keys/signer.sec.asc"));
    assertThat(encryption.getSigningKeyPassphrase()).isEqualTo("correct horse");
    assertThat(encryption.getVerificationKeys())
        .containsExactly(Path.of("/etc/lifeboat/keys/signer.asc"), Path.of("/etc/lifeboat/keys/old-signer.asc"));
    assertThat(encryption.getDecryptionKey()).isNotNull();
    assertThat(encryption.getDecryptionKey().getFile()).isNull();
    assertThat(encryption.getDecryptionKey().getEnv()).isEqualTo("LIFEBOAT_DECRYPTION_KEY");
    assertThat(encryption.getDecryptionKey().getPassphraseEnv()).isEqualTo("LIFEBOAT_DECRYPTION_PASSPHRASE");
    assertThat(encryption.getAcceptUnsignedWalBefore()).isEqualTo(Instant.parse("2026-12-04T21:00:00Z"));

    assertThat(config.getCatalog().getDriverClass()).isEqualTo("org.postgresql.Driver");
    assertThat(config.getCatalog().getUrl()).isEqualTo("jdbc:postgresql://catalog.internal:5432/lifeboat");
    assertThat(config.getCatalog().getUser()).isEqualTo("lifeboat");
    assertThat(config.getCatalog().getPassword()).isEqualTo("changeme");

    assertThat(config.getTargets()).containsOnlyKeys("orders", "billing_eu-2");
    assertThat(config.getTargets().keySet()).containsExactly("orders", "billing_eu-2");
    PostgresTargetConfig orders = (PostgresTargetConfig) config.getTargets().get("orders");
    assertThat(orders.kind()).isEqualTo("postgres");
    assertThat(orders.getHost()).isEqualTo("orders-db.internal");
    assertThat(orders.getPort()).isEqualTo(6432);
    assertThat(orders.getDatabase()).isEqualTo("orders");
    assertThat(orders.getUser()).isEqualTo("backup");
    assertThat(orders.getPassword()).isEqualTo("s3cret");
    assertThat(orders.getSslMode()).isEqualTo("verify-full");
    assertThat(orders.getRpo()).isEqualTo(Duration.minutes(15));
    assertThat(orders.getRto()).isEqualTo(Duration.hours(1));
  }

  @Test
  void fillsDefaultsForAMinimalFile() throws Exception {
    LifeboatConfiguration config = LifeboatConfigLoader.load(fixture("minimal.yml"), Map.of());

    TemporalConfig temporal = config.getTemporal();
    assertThat(temporal.getTarget()).isEqualTo("127.0.0.1:7233");
    assertThat(temporal.getNamespace()).isEqualTo("default");
    assertThat(temporal.getTaskQueue()).isEqualTo("lifeboat");
    assertThat(temporal.getTls()).isNull();

    StorageConfig storage = config.getStorage();
    assertThat(storage.getEndpoint()).isNull();
    assertThat(storage.getRegion()).isEqualTo("us-east-1");
    assertThat(storage.getPrefix()).isEmpty();
    assertThat(storage.getAccessKey()).isNull();
    assertThat(storage.getSecretKey()).isNull();
    assertThat(storage.isPathStyle()).isTrue();
    assertThat(storage.getPartSize()).isEqualTo(DataSize.mebibytes(16));
    assertThat(storage.getUploadConcurrency()).isEqualTo(4);

    EncryptionConfig encryption = config.getEncryption();
    assertThat(encryption.getSigningKeyPassphrase()).isNull();
    assertThat(encryption.getVerificationKeys()).isEmpty();
    assertThat(encryption.getDecryptionKey()).isNull();
    assertThat(encryption.getAcceptUnsignedWalBefore()).as("unsigned WAL refused").isNull();

    assertThat(config.getTargets()).isEmpty();
  }

  @Test
  void defaultsThePortOfAPostgresTarget() throws Exception {
    LifeboatConfiguration config = LifeboatConfigLoader.load(fixture("complete.yml"), ENVIRONMENT);

    PostgresTargetConfig billing = (PostgresTargetConfig) config.getTargets().get("billing_eu-2");
    assertThat(billing.getPort()).isEqualTo(5432);
    assertThat(billing.getPassword()).isNull();
    assertThat(billing.getSslMode()).isNull();
  }

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(LifeboatConfigurationTest.class.getResource("/config/" + name).toURI());
  }
}
