package io.lifeboat.config.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.config.ConfigException;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import io.lifeboat.testing.VaultKvFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ${vault:…}} in the configuration file, read through the loader (Vault: {@link VaultKvFake}). */
class ConfigSecretSubstitutionTest {
  private static final String TOKEN = "hvs.loader";

  @TempDir Path directory;
  private VaultKvFake vault;

  @BeforeEach
  void start() throws IOException {
    vault = VaultKvFake.start(TOKEN, null);
    vault.put("secret", "lifeboat/catalog", Map.of("password", "catalog-s3cret", "odd", "a${BUCKET}b"));
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void substitutesASecretInMemoryBesideEnvironmentVariables() throws Exception {
    Path file = write("${vault:secret/lifeboat/catalog#password}");
    byte[] before = Files.readAllBytes(file);

    LifeboatConfiguration config = LifeboatConfigLoader.load(file, environment(TOKEN));

    assertThat(config.getCatalog().getPassword()).isEqualTo("catalog-s3cret");
    assertThat(config.getStorage().getBucket()).isEqualTo("from-env");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(files()).containsExactly(file);
  }

  @Test
  void aSecretIsTakenAsItIsNotSubstitutedAgain() throws Exception {
    Path file = write("\"${vault:secret/lifeboat/catalog#odd}\"");

    assertThat(LifeboatConfigLoader.load(file, environment(TOKEN)).getCatalog().getPassword())
        .isEqualTo("a${BUCKET}b");
  }

  @Test
  void anUnknownSchemeIsOneErrorNamingTheReference() throws Exception {
    Path file = write("${gcp-secrets:lifeboat/catalog}");

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, environment(TOKEN)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Configuration file " + file + " has an error: secret reference gcp-secrets:lifeboat/catalog"
            + " has the unknown scheme 'gcp-secrets': use one of vault:, aws-secretsmanager:, aws-kms:.");
    assertThat(vault.requests()).isEmpty();
    assertThat(files()).containsExactly(file);
  }

  @Test
  void aWrongTokenIsOneErrorNamingTheReferenceTheStoreAndTheFix() throws Exception {
    Path file = write("${vault:secret/lifeboat/catalog#password}");

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, environment("hvs.revoked")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Configuration file " + file + " has an error: cannot read vault:secret/lifeboat/catalog#password:"
            + " Vault at " + vault.address() + " denied the token in VAULT_TOKEN (permission denied); give it a"
            + " policy that allows read on secret/data/lifeboat/catalog, or export a valid token.");
    assertThat(files()).containsExactly(file);
  }

  private Map<String, String> environment(String token) {
    return Map.of("VAULT_TOKEN", token, "VAULT_ADDR", vault.address().toString(), "BUCKET", "from-env");
  }

  private Path write(String password) throws IOException {
    return Files.writeString(directory.resolve("lifeboat.yml"), """
        secretStores:
          vault:
            address: ${VAULT_ADDR}
        storage:
          bucket: ${BUCKET}
        encryption:
          recipients: [/keys/ops.asc]
          signingKey: /keys/signer.sec.asc
        catalog:
          driverClass: org.postgresql.Driver
          url: jdbc:postgresql://localhost:5432/lifeboat
          password: %s
        """.formatted(password));
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> all = Files.walk(directory)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }
}
