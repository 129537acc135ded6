package io.lifeboat.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.client.LifeboatApiException;
import io.lifeboat.api.testing.ApiFixture;
import io.lifeboat.api.testing.RawHttp;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Temporal down at 3 a.m.: the API still starts, still answers from the catalog, refuses starts
 * with a 503 that names Temporal, and its health check says which dependency is down.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TemporalDownTest {
  private static final EmbeddedPostgresFixture.Database CATALOG = EmbeddedPostgresFixture.newDatabase();
  private static final String NOBODY_THERE = "127.0.0.1:" + closedPort();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP =
      ApiFixture.app(LifeboatApplication.class, CATALOG, NOBODY_THERE);

  @Test
  void aStartIsRefusedAsUnavailableNamingTemporal() {
    assertThatThrownBy(() -> ApiFixture.client(APP).startBackup("orders", null))
        .asInstanceOf(type(LifeboatApiException.class))
        .satisfies(e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.error()).startsWith("Temporal at " + NOBODY_THERE + " could not start the run");
          assertThat(e.hint()).startsWith("nothing was started");
        });
  }

  @Test
  void aRunIsStillShownFromTheCatalogSayingWhyItIsNotLive() {
    String runId = RunEntry.runId("backup:orders", "11111111-1111-1111-1111-111111111111");
    new Catalog(CATALOG.dataSource()).recordRun(new RunEntry(runId, RunEntry.Type.BACKUP, "orders", null,
        RunEntry.Status.RUNNING, Instant.now(), null, null, null, null, null, "cron", null, null));

    JsonNode run = ApiFixture.client(APP).run(runId);

    assertThat(run.path("status").asText()).isEqualTo("RUNNING");
    assertThat(run.path("progress").isNull()).isTrue();
    assertThat(run.path("liveUnavailable").asText()).startsWith("Temporal could not be asked");
  }

  @Test
  void targetsAreStillListed() {
    assertThat(ApiFixture.client(APP).targets().findValuesAsText("name")).containsExactly("orders", "billing");
  }

  @Test
  void theHealthCheckNamesTemporalAsDown() throws IOException {
    HttpResponse<String> response = RawHttp.get(APP.getAdminPort(), "/healthcheck");
    JsonNode health = new ObjectMapper().readTree(response.body());

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(health.path("temporal").path("healthy").asBoolean()).isFalse();
    assertThat(health.path("temporal").path("message").asText()).contains(NOBODY_THERE).contains("UNAVAILABLE");
    assertThat(health.path("catalog").path("healthy").asBoolean()).isTrue();
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
