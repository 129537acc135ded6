package io.lifeboat.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.client.LifeboatApiException;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.testing.ApiFixture;
import io.lifeboat.api.testing.FakeWorker;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.temporal.client.WorkflowStub;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /api/v1/copies/sync} through HTTP with two locations configured: a sync starts under
 * its business id (one per location, or "all"), a second one of the same scope is 409, an unknown
 * location is 404 naming the declared ones. What the run does: CopiesSyncEndToEndTest.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CopiesSyncEndpointTest {
  private static final EmbeddedPostgresFixture.Database CATALOG_DATABASE = EmbeddedPostgresFixture.newDatabase();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP = new DropwizardAppExtension<>(
      LifeboatApplication.class, ResourceHelpers.resourceFilePath("lifeboat-copies-test.yml"),
      ConfigOverride.config("catalog.url", CATALOG_DATABASE.jdbcUrl()),
      ConfigOverride.config("temporal.target", FakeWorker.get().target()));

  @AfterEach
  void terminate() {
    for (String id : List.of("copies-sync:all", "copies-sync:vault")) {
      WorkflowStub stub = FakeWorker.get().client().newUntypedWorkflowStub(id);
      try {
        stub.terminate("test over");
      } catch (RuntimeException e) {
        // not started by this test
      }
    }
  }

  @Test
  void aSyncStartsUnderItsScopesIdAndASecondOneIsRefusedWhileItRuns() {
    LifeboatClient client = ApiFixture.client(APP);

    RunReference all = client.startCopySync(null, null);
    RunReference vault = client.startCopySync("vault", "orders");

    assertThat(all.workflowId()).isEqualTo("copies-sync:all");
    assertThat(all.type()).isEqualTo("REPLICATION");
    assertThat(vault.workflowId()).isEqualTo("copies-sync:vault");
    assertThat(vault.statusUrl()).startsWith("/api/v1/runs/copies-sync:vault/");
    assertThatThrownBy(() -> client.startCopySync(null, null))
        .isInstanceOfSatisfying(LifeboatApiException.class, e -> assertThat(e.status()).isEqualTo(409));
  }

  @Test
  void anUnknownLocationIs404NamingTheDeclaredOnes() {
    assertThatThrownBy(() -> ApiFixture.client(APP).startCopySync("vualt", null))
        .isInstanceOfSatisfying(LifeboatApiException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.getMessage()).contains("unknown off-site location 'vualt'")
              .contains("declared locations: offsite, vault");
        });
  }
}
