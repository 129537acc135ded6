package io.lifeboat.activities.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.ServiceActivities.ServiceStatus;
import io.lifeboat.workflows.runbook.ServiceControl;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Against a hand-written fake of the Kubernetes API (see {@link FakeKubernetesApi} for why). */
class KubernetesDeploymentsTest {
  private static ServiceControl deployments(String... names) {
    return new ServiceControl("kubernetes", List.of(names), null, null, null);
  }

  @Test
  void scalesToZeroAndBackToWhatItWas() throws Exception {
    try (FakeKubernetesApi cluster = new FakeKubernetesApi()) {
      cluster.deployment("shop", "orders-api", 3);
      cluster.deployment("default", "mailer", 1);
      ServiceActivitiesImpl services = new ServiceActivitiesImpl(
          HttpClient.newHttpClient(), "systemctl", Optional.of(cluster.api()), Duration.ofSeconds(5));

      List<ServiceStatus> stopped = services.stopServices(deployments("shop/orders-api", "mailer"));
      List<ServiceStatus> stoppedAgain = services.stopServices(deployments("shop/orders-api"));
      List<ServiceStatus> started = services.startServices(deployments("shop/orders-api", "mailer"));

      assertThat(stopped).containsExactly(
          new ServiceStatus("shop/orders-api", false, "0/0 replicas ready"),
          new ServiceStatus("mailer", false, "0/0 replicas ready"));
      assertThat(stoppedAgain).extracting(ServiceStatus::running).containsExactly(false);
      assertThat(started).containsExactly(
          new ServiceStatus("shop/orders-api", true, "3/3 replicas ready"),
          new ServiceStatus("mailer", true, "1/1 replicas ready"));
      assertThat(cluster.deployments.get("shop/orders-api").at("/metadata/annotations")
          .path(KubernetesDeployments.REPLICAS_ANNOTATION).asText()).isEqualTo("3");
    }
  }

  @Test
  void anUnknownDeploymentIsAPermanentError() throws Exception {
    try (FakeKubernetesApi cluster = new FakeKubernetesApi()) {
      ServiceActivitiesImpl services = new ServiceActivitiesImpl(
          HttpClient.newHttpClient(), "systemctl", Optional.of(cluster.api()), Duration.ofSeconds(5));

      ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
          () -> services.stopServices(deployments("shop/ghost")));

      assertThat(failure.isNonRetryable()).isTrue();
      assertThat(failure.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
      assertThat(failure.getOriginalMessage()).isEqualTo("no deployment shop/ghost");
    }
  }

  @Test
  void aWorkerOutsideAClusterSaysSo() {
    ServiceActivitiesImpl services =
        new ServiceActivitiesImpl(HttpClient.newHttpClient(), "systemctl", Optional.empty(), Duration.ofSeconds(5));

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> services.stopServices(deployments("app")));

    assertThat(failure.getOriginalMessage())
        .isEqualTo("this worker has no Kubernetes API configured (it does not run in a cluster)");
  }
}
