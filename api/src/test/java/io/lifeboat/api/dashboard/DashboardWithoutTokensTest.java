package io.lifeboat.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.testing.FakeWorker;
import io.lifeboat.api.testing.RawHttp;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Without tokens (the API on loopback only) the dashboard asks for none; without {@code
 * temporal.webUiOrigins} it has no web UI to link runs to (DashboardEndToEndTest follows a link).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DashboardWithoutTokensTest {
  private static final EmbeddedPostgresFixture.Database CATALOG = EmbeddedPostgresFixture.newDatabase();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP = new DropwizardAppExtension<>(
      LifeboatApplication.class,
      ResourceHelpers.resourceFilePath("lifeboat-test.yml"),
      ConfigOverride.config("catalog.url", CATALOG.jdbcUrl()),
      ConfigOverride.config("temporal.target", FakeWorker.get().target()));

  @Test
  void thePageAsksForNoTokenAndHasNoWebUiToLinkTo() {
    assertThat(RawHttp.get(APP.getLocalPort(), "/api/v1/dashboard/login").body()).isEqualTo("{\"tokensRequired\":false}");
    assertThat(RawHttp.get(APP.getLocalPort(), "/api/v1/dashboard/temporal").body())
        .isEqualTo("{\"webUi\":null,\"namespace\":\"default\"}");
  }
}
