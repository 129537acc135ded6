package io.lifeboat.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.testing.FakeWorker;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Without tokens the API serves anyone with every role, so it starts only when every connector
 * listens on loopback; otherwise it refuses with one line naming both fixes.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class OpenAccessTest {
  private static final EmbeddedPostgresFixture.Database CATALOG = EmbeddedPostgresFixture.newDatabase();

  private static DropwizardTestSupport<LifeboatConfiguration> app(ConfigOverride... more) {
    ConfigOverride[] overrides = new ConfigOverride[more.length + 2];
    overrides[0] = ConfigOverride.config("catalog.url", CATALOG.jdbcUrl());
    overrides[1] = ConfigOverride.config("temporal.target", FakeWorker.get().target());
    System.arraycopy(more, 0, overrides, 2, more.length);
    return new DropwizardTestSupport<>(LifeboatApplication.class, ResourceHelpers.resourceFilePath("lifeboat-test.yml"),
        overrides);
  }

  @Test
  void withoutTokensAConnectorOnEveryInterfaceOrAnotherAddressIsRefused() {
    assertRefused(app(ConfigOverride.config("server.applicationConnectors[0].bindHost", "0.0.0.0")),
        "server.applicationConnectors[0] listens on 0.0.0.0");
    assertRefused(app(ConfigOverride.config("server.adminConnectors[0].bindHost", "")),
        "server.adminConnectors[0] listens on every interface");
    assertRefused(app(ConfigOverride.config("server.applicationConnectors[0].bindHost", "lifeboat.example.com")),
        "listens on lifeboat.example.com");
  }

  @Test
  void withoutTokensOnLoopbackItServes() throws Exception {
    DropwizardTestSupport<LifeboatConfiguration> app =
        app(ConfigOverride.config("server.applicationConnectors[0].bindHost", "::1"));
    app.before();
    try {
      assertThat(app.getLocalPort()).isPositive();
    } finally {
      app.after();
    }
  }

  @Test
  void loopbackIsLocalhostOrALoopbackAddressNeverAName() {
    assertThat(OpenAccess.isLoopback("127.0.0.1")).isTrue();
    assertThat(OpenAccess.isLoopback("127.0.0.2")).isTrue();
    assertThat(OpenAccess.isLoopback("::1")).isTrue();
    assertThat(OpenAccess.isLoopback("[::1]")).isTrue();
    assertThat(OpenAccess.isLoopback("localhost")).isTrue();
    assertThat(OpenAccess.isLoopback("0.0.0.0")).isFalse();
    assertThat(OpenAccess.isLoopback("::")).isFalse();
    assertThat(OpenAccess.isLoopback("10.0.0.1")).isFalse();
    assertThat(OpenAccess.isLoopback("localhost.example.com")).isFalse();
    assertThat(OpenAccess.isLoopback(null)).isFalse();
  }

  private static void assertRefused(DropwizardTestSupport<LifeboatConfiguration> app, String where) {
    ThrowingCallable start = app::before;
    try {
      assertThatThrownBy(start).satisfies(e -> {
        Throwable root = e;
        while (!(root instanceof IllegalStateException) && root.getCause() != null) {
          root = root.getCause();
        }
        assertThat(root.getMessage()).doesNotContain("\n").contains(where,
            "no API tokens are configured (auth.tokens)", "lifeboat token hash", "bindHost: 127.0.0.1");
      });
    } finally {
      app.after();
    }
  }
}
