package io.lifeboat.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
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
 * {@code POST /api/v1/targets/{t}/retention}: starts a RetentionWorkflow under its business id (a
 * dry run under its own), 409 for a second real run, 404 for an unknown target. What the workflow
 * does is tested in the workflows and tests modules; no worker here runs it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RetentionEndpointTest {
  private static final EmbeddedPostgresFixture.Database CATALOG_DATABASE = EmbeddedPostgresFixture.newDatabase();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP = ApiFixture.app(CATALOG_DATABASE);

  @AfterEach
  void terminate() {
    for (String id : List.of("retention:orders", "retention-dry-run:orders")) {
      WorkflowStub stub = FakeWorker.get().client().newUntypedWorkflowStub(id);
      try {
        stub.terminate("test over");
      } catch (RuntimeException e) {
        // not started by this test
      }
    }
  }

  @Test
  void startsRealAndDryRunsUnderTheirOwnIdsAndRefusesASecondRealRun() {
    LifeboatClient client = ApiFixture.client(APP);

    RunReference real = client.startRetention("orders", false, "quarterly clean-up");
    RunReference dry = client.startRetention("orders", true, null);

    assertThat(real.workflowId()).isEqualTo("retention:orders");
    assertThat(real.type()).isEqualTo("RETENTION");
    assertThat(real.statusUrl()).startsWith("/api/v1/runs/retention:orders/");
    assertThat(dry.workflowId()).isEqualTo("retention-dry-run:orders");
    assertThatThrownBy(() -> client.startRetention("orders", false, null))
        .isInstanceOfSatisfying(LifeboatApiException.class, e -> assertThat(e.status()).isEqualTo(409));
  }

  @Test
  void anUnknownTargetIs404() {
    assertThatThrownBy(() -> ApiFixture.client(APP).startRetention("nope", true, null))
        .isInstanceOfSatisfying(LifeboatApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }
}
