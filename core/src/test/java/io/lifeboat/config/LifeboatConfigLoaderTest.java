package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifeboatConfigLoaderTest {
  private static final String STORAGE = """
      storage:
        bucket: lifeboat-backups
      """;
  private static final String ENCRYPTION = """
      encryption:
        recipients: [/keys/ops.asc]
        signingKey: /keys/signer.sec.asc
      """;
  private static final String CATALOG = """
      catalog:
        driverClass: org.postgresql.Driver
        url: jdbc:postgresql://localhost:5432/lifeboat
      """;
  private static final String ORDERS_TARGET = """
      targets:
        orders:
          kind: postgres
          host: db
          database: orders
          user: backup
          rpo: 15 minutes
          rto: 1 hour
      """;

  @TempDir Path directory;

  @Test
  void substitutesEnvironmentVariablesAndTheirDefaults() throws Exception {
    Path file = write(STORAGE.replace("lifeboat-backups", "${BUCKET}") + """
          region: ${REGION:-eu-north-1}
          prefix: ${PREFIX:-unused}
        """ + ENCRYPTION + CATALOG);

    LifeboatConfiguration config =
        LifeboatConfigLoader.load(file, Map.of("BUCKET", "from-env", "PREFIX", "site-a"));

    assertThat(config.getStorage().getBucket()).isEqualTo("from-env");
    assertThat(config.getStorage().getRegion()).isEqualTo("eu-north-1");
    assertThat(config.getStorage().getPrefix()).isEqualTo("site-a");
  }

  @Test
  void refusesAnUnsetVariableWithoutDefault() throws IOException {
    Path file = write(STORAGE + ENCRYPTION + """
          signingKeyPassphrase: ${LIFEBOAT_SIGNING_PASSPHRASE}
        """ + CATALOG);

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Configuration file " + file + " has an error: the environment variable"
            + " LIFEBOAT_SIGNING_PASSPHRASE used on line 6 is not set and has no default;"
            + " set it, or write ${LIFEBOAT_SIGNING_PASSPHRASE:-default}.");
  }

  @Test
  void refusesAnUnknownKeyAndSuggestsTheClosest() throws IOException {
    Path file = write(STORAGE + "  buckets: typo\n" + ENCRYPTION + CATALOG);

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Configuration file " + file + " has an error: 'storage.buckets' is not a known key;"
            + " expected one of: accessKey, bucket, copies, endpoint,")
        .hasMessageEndingWith("(did you mean 'bucket'?).");
  }

  @Test
  void refusesAnUnknownKeyInATarget() throws IOException {
    Path file = write(STORAGE + ENCRYPTION + CATALOG + ORDERS_TARGET.replace("host: db", "hostname: db"));

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration file " + file + " has an error: 'targets.orders.hostname' is not a known"
                + " key; expected one of: anomaly, database, databases, drill, hooks, host, password, port, replaceApproval, replaceApprovalTimeout, retention, rpo, rto, schedules, sslMode, storageQuota, user.");
  }

  @Test
  void refusesANegativeRpo() throws IOException {
    Path file = write(STORAGE + ENCRYPTION + CATALOG + ORDERS_TARGET.replace("rpo: 15 minutes", "rpo: -5 minutes"));

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration file " + file + " has an error: 'targets.orders.rpo' is not valid (Invalid duration: -5 minutes);"
                + " expected a duration such as \"15 minutes\" or \"4h\".");
  }

  @Test
  void refusesAZeroRpo() throws IOException {
    Path file = write(STORAGE + ENCRYPTION + CATALOG + ORDERS_TARGET.replace("rpo: 15 minutes", "rpo: 0 minutes"));

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration file " + file + " has an error: 'targets.orders.rpo' must be longer than zero.");
  }

  @Test
  void refusesAPayloadKeyThatIsNotBase64Of32BytesAndAnIdListedTwice() throws Exception {
    Path shortKey = write(STORAGE + ENCRYPTION + CATALOG + """
        temporal:
          payloadKeys:
            - {id: k1, key: ${PAYLOAD_KEY}}
        """);

    assertThatThrownBy(() -> LifeboatConfigLoader.load(shortKey, Map.of("PAYLOAD_KEY", "c2hvcnQ=")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Configuration file " + shortKey + " has an error: 'temporal.payloadKeys[0]' key is not base64 of"
            + " 32 bytes; generate one with 'openssl rand -base64 32'.");
    String key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    Path twice = write(STORAGE + ENCRYPTION + CATALOG + """
        temporal:
          payloadKeys:
            - {id: k1, key: %s}
            - {id: k1, key: %s}
        """.formatted(key, key));

    assertThatThrownBy(() -> LifeboatConfigLoader.load(twice, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("payloadKeys lists an id twice");
    assertThat(LifeboatConfigLoader.load(write(STORAGE + ENCRYPTION + CATALOG + """
        temporal:
          payloadKeys: [{id: k1, key: %s}]
        """.formatted(key)), Map.of()).getTemporal().getPayloadKeys().get(0).getId()).isEqualTo("k1");
  }

  @Test
  void refusesABadTargetName() throws IOException {
    Path file = write(STORAGE + ENCRYPTION + CATALOG + ORDERS_TARGET.replace("orders:", "Orders/EU:"));

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration file " + file + " has an error: 'targets.Orders/EU' is not a valid target name: use lowercase"
                + " letters, digits, '_' and '-', starting with a letter or digit (the name becomes a"
                + " storage path segment and a workflow id).");
  }

  @Test
  void refusesAnUnknownKind() throws IOException {
    Path file = write(STORAGE + ENCRYPTION + CATALOG + ORDERS_TARGET.replace("kind: postgres", "kind: mysql"));

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration file " + file + " has an error: 'targets.orders.kind' is 'mysql', which is not known;"
                + " expected one of: postgres, files, config, redis, postgres-cluster, etcd, kubernetes.");
  }

  @Test
  void refusesATargetWithoutKind() throws IOException {
    Path file = write(STORAGE + ENCRYPTION + CATALOG + ORDERS_TARGET.replace("    kind: postgres\n", ""));

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration file " + file + " has an error: 'targets.orders.kind' is missing; expected one of: postgres, files, config, redis, postgres-cluster, etcd, kubernetes.");
  }

  @Test
  void refusesAMissingBucket() throws IOException {
    Path file = write("storage:\n  region: eu-west-3\n" + ENCRYPTION + CATALOG);

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration file " + file + " has an error: 'storage.bucket' must not be blank.");
  }

  @Test
  void listsEveryInvalidValueAtOnce() throws IOException {
    Path file = write("""
        storage:
          bucket: ""
          partSize: 1 MiB
          uploadConcurrency: 100
          accessKey: only-half
          prefix: /leading
        encryption:
          recipients: []
          signingKey: /keys/signer.sec.asc
          decryptionKey: {}
        """ + CATALOG + ORDERS_TARGET.replace("user: backup", "user: backup\n    sslMode: sometimes"));

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration file " + file + " has 8 errors:"
                + " 'encryption.decryptionKey' needs exactly one of file (a path), env (a variable"
                + " holding the armored key) or secret (a secret reference such as"
                + " vault:secret/lifeboat#decryptionKey);"
                + " 'encryption.recipients' must not be empty;"
                + " 'storage' needs both accessKey and secretKey, or neither (AWS default credentials chain);"
                + " 'storage.bucket' must not be blank;"
                + " 'storage.partSize' must be at least 5 MiB;"
                + " 'storage.prefix' must not start or end with '/';"
                + " 'storage.uploadConcurrency' must be less than or equal to 64;"
                + " 'targets.orders.sslMode' must be one of disable, allow, prefer, require, verify-ca, verify-full.");
  }

  @Test
  void refusesHalfAClientCertificate() throws IOException {
    Path file = write("""
        temporal:
          tls:
            enabled: true
            certChain: /tls/client.pem
        """ + STORAGE + ENCRYPTION + CATALOG);

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration file " + file + " has an error: 'temporal.tls' needs both certChain and"
                + " privateKey for mutual TLS, or neither.");
  }

  @Test
  void refusesAValueOfTheWrongType() throws IOException {
    Path file = write(STORAGE + "  uploadConcurrency: many\n" + ENCRYPTION + CATALOG);

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration file " + file + " has an error: 'storage.uploadConcurrency' is 'many'; expected a whole number.");
  }

  @Test
  void refusesAnUnreadableDuration() throws IOException {
    Path file = write(STORAGE + ENCRYPTION + CATALOG + ORDERS_TARGET.replace("rto: 1 hour", "rto: soon"));

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration file " + file + " has an error: 'targets.orders.rto' is not valid (Invalid duration: soon);"
                + " expected a duration such as \"15 minutes\" or \"4h\".");
  }

  @Test
  void refusesMalformedYaml() throws IOException {
    Path file = write(STORAGE + "  region: [unclosed\n" + ENCRYPTION + CATALOG);

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration file " + file + " has an error: it is not valid YAML at line 4, column 11:"
                + " expected ',' or ']', but got : (while parsing a flow sequence that starts on line 3).");
  }

  @Test
  void refusesAMissingFile() {
    Path file = directory.resolve("absent.yml");

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration file " + file + " cannot be read: it does not exist.");
  }

  @Test
  void refusesAnEmptyFile() throws IOException {
    Path file = write("");

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Configuration file " + file + " has an error: it is empty; expected at least the storage, encryption and catalog"
                + " sections.");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(directory.resolve("lifeboat.yml"), yaml);
  }
}
