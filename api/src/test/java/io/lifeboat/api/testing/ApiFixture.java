package io.lifeboat.api.testing;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.net.URI;

/**
 * The whole API application on random ports, with {@code lifeboat-test.yml}'s targets (orders,
 * billing), the fake worker's Temporal server and a fresh catalog database.
 */
public final class ApiFixture {
  private ApiFixture() {}

  public static DropwizardAppExtension<LifeboatConfiguration> app(EmbeddedPostgresFixture.Database catalog) {
    return app(LifeboatApplication.class, catalog);
  }

  public static DropwizardAppExtension<LifeboatConfiguration> app(
      Class<? extends LifeboatApplication> application, EmbeddedPostgresFixture.Database catalog) {
    return app(application, catalog, FakeWorker.get().target());
  }

  /** The API against the Temporal frontend at {@code temporalTarget}, reachable or not. */
  public static DropwizardAppExtension<LifeboatConfiguration> app(
      Class<? extends LifeboatApplication> application, EmbeddedPostgresFixture.Database catalog,
      String temporalTarget) {
    return new DropwizardAppExtension<>(
        application,
        ResourceHelpers.resourceFilePath("lifeboat-test.yml"),
        ConfigOverride.config("catalog.url", catalog.jdbcUrl()),
        ConfigOverride.config("temporal.target", temporalTarget));
  }

  public static LifeboatClient client(DropwizardAppExtension<LifeboatConfiguration> app) {
    return new LifeboatClient(URI.create("http://localhost:" + app.getLocalPort()), "test-operator");
  }
}
