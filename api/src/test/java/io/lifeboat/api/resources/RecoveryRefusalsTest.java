package io.lifeboat.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.client.LifeboatApiException;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.testing.ApiFixture;
import io.lifeboat.api.testing.FakeWorker;
import io.lifeboat.api.testing.RawHttp;
import io.lifeboat.api.wire.StartRecovery;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.temporal.client.WorkflowNotFoundException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Point-in-time recoveries and archive checks exist for {@code postgres-cluster} targets only:
 * an unknown target or one of another kind is refused by name, and nothing is started.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RecoveryRefusalsTest {
  private static final EmbeddedPostgresFixture.Database CATALOG = EmbeddedPostgresFixture.newDatabase();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP = ApiFixture.app(CATALOG);

  @AfterEach
  void nothingWasStarted() {
    assertThat(RawHttp.get(APP.getLocalPort(), "/metrics").body()).doesNotContain("lifeboat_runs_started_total");
  }

  @Test
  void aRecoveryOfAnUnknownTargetIsNotFound() {
    LifeboatApiException refused = refusal(() -> client().startRecovery(
        new StartRecovery("inventory", "2026-01-01T00:00:00Z", null, null, null, "/srv/recovered", 5433, null)));

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.field()).isEqualTo("target");
    assertNoWorkflow("pitr:inventory:/srv/recovered");
  }

  @Test
  void aRecoveryOfADatabaseTargetSaysWhichKindsHaveOne() {
    LifeboatApiException refused = refusal(() -> client().startRecovery(
        new StartRecovery("orders", "2026-01-01T00:00:00Z", null, null, null, "/srv/recovered", 5433, null)));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.field()).isEqualTo("target");
    assertThat(refused.error()).isEqualTo("target 'orders' is of kind postgres, not postgres-cluster");
    assertThat(refused.hint()).contains("kind: postgres-cluster");
    assertNoWorkflow("pitr:orders:/srv/recovered");
  }

  @Test
  void anArchiveCheckOfADatabaseTargetIsRefused() {
    LifeboatApiException refused = refusal(() -> client().startArchiveCheck("orders"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.field()).isEqualTo("target");
    assertNoWorkflow("archive-check:orders");
  }

  private LifeboatClient client() {
    return ApiFixture.client(APP);
  }

  private static LifeboatApiException refusal(ThrowingCallable call) {
    return assertThatThrownBy(call).asInstanceOf(type(LifeboatApiException.class)).actual();
  }

  private static void assertNoWorkflow(String workflowId) {
    assertThatThrownBy(() -> FakeWorker.get().client().newUntypedWorkflowStub(workflowId).describe())
        .isInstanceOf(WorkflowNotFoundException.class);
  }
}
