package io.lifeboat.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.lifeboat.api.testing.FakeWorker;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.config.secrets.SecretException;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The API server reads secret references in its configuration as the CLI does (Secrets Manager: moto's server). */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ApiSecretReferencesTest {
  private static final EmbeddedPostgresFixture.Database CATALOG = EmbeddedPostgresFixture.newDatabase();

  @TempDir static Path dir;
  private static MotoServer moto;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start(dir.resolve("moto"));
    try (SecretsManagerClient secrets = SecretsManagerClient.builder().region(Region.of(MotoServer.REGION))
        .endpointOverride(moto.endpoint()).build()) {
      secrets.createSecret(r -> r.name("lifeboat/catalog").secretString("{\"password\":\"catalog-s3cret\"}"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    moto.close();
  }

  @Test
  void theCatalogPasswordComesFromTheStore() throws Exception {
    DropwizardTestSupport<LifeboatConfiguration> app = app("${aws-secretsmanager:lifeboat/catalog#password}");
    app.before();
    try {
      assertThat(app.getConfiguration().getCatalog().getPassword()).isEqualTo("catalog-s3cret");
    } finally {
      app.after();
    }
  }

  @Test
  void aMissingSecretStopsTheStartWithTheReferenceNamed() throws Exception {
    DropwizardTestSupport<LifeboatConfiguration> app = app("${aws-secretsmanager:lifeboat/catalog#pasword}");
    try {
      assertThatThrownBy(app::before).isInstanceOf(SecretException.class).hasMessage("cannot read aws-secretsmanager:lifeboat/catalog#pasword:"
          + " the secret lifeboat/catalog has no text field 'pasword'; add it to the secret's JSON or correct the"
          + " reference");
    } finally {
      app.after();
    }
  }

  private static DropwizardTestSupport<LifeboatConfiguration> app(String password) throws Exception {
    String config = Files.readString(Path.of(ResourceHelpers.resourceFilePath("lifeboat-test.yml")))
        .replace("  user: postgres\ntargets:", "  user: postgres\n  password: \"" + password + "\"\ntargets:")
        + "secretStores:\n  aws: {region: " + MotoServer.REGION + ", endpoint: \"" + moto.endpoint() + "\"}\n";
    Path file = Files.writeString(Files.createTempFile(dir, "lifeboat", ".yml"), config);
    return new DropwizardTestSupport<>(LifeboatApplication.class, file.toString(),
        ConfigOverride.config("catalog.url", CATALOG.jdbcUrl()),
        ConfigOverride.config("temporal.target", FakeWorker.get().target()));
  }
}
