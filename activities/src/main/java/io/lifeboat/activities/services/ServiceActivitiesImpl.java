package io.lifeboat.activities.services;

import io.lifeboat.activities.runbook.PollPause;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.ServiceActivities;
import io.lifeboat.workflows.runbook.ServiceControl;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stops and starts services with the provider a runbook names, then waits until each one reports
 * the state asked for, so the next step (a restore, a health check) finds it so.
 */
public class ServiceActivitiesImpl implements ServiceActivities {
  private static final Duration POLL = Duration.ofMillis(500);

  private final HttpClient http;
  private final String systemctl;
  private final Optional<KubernetesApi> kubernetes;
  private final Duration settleWithin;

  /** systemctl from the PATH; Kubernetes from the worker's service account when it runs in a cluster. */
  public ServiceActivitiesImpl() {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), "systemctl",
        KubernetesApi.inCluster(), Duration.ofMinutes(5));
  }

  /**
   * @param systemctl the systemctl executable
   * @param kubernetes the cluster whose deployments the {@code kubernetes} provider scales
   * @param settleWithin how long a service may take to reach the state asked for
   */
  public ServiceActivitiesImpl(
      HttpClient http, String systemctl, Optional<KubernetesApi> kubernetes, Duration settleWithin) {
    this.http = http;
    this.systemctl = systemctl;
    this.kubernetes = kubernetes;
    this.settleWithin = settleWithin;
  }

  @Override
  public List<ServiceStatus> stopServices(ServiceControl control) {
    ServiceController controller = controller(control);
    List<ServiceStatus> statuses = new ArrayList<>();
    for (String service : control.services()) {
      controller.stop(service);
      statuses.add(settle(controller, service, false));
    }
    return statuses;
  }

  @Override
  public List<ServiceStatus> startServices(ServiceControl control) {
    ServiceController controller = controller(control);
    List<ServiceStatus> statuses = new ArrayList<>();
    for (String service : control.services()) {
      controller.start(service);
      statuses.add(settle(controller, service, true));
    }
    return statuses;
  }

  @Override
  public List<ServiceStatus> serviceStatus(ServiceControl control) {
    ServiceController controller = controller(control);
    return control.services().stream()
        .map(service -> controller.status(service).orElse(new ServiceStatus(service, false, "no status command")))
        .toList();
  }

  /** Polls the status until it says {@code running}; trusts the command when there is no way to ask. */
  private ServiceStatus settle(ServiceController controller, String service, boolean running) {
    long deadline = System.nanoTime() + settleWithin.toNanos();
    while (true) {
      Optional<ServiceStatus> status = controller.status(service);
      if (status.isEmpty()) {
        return new ServiceStatus(service, running, (running ? "started" : "stopped") + " (no status to confirm)");
      }
      if (status.get().running() == running) {
        return status.get();
      }
      if (System.nanoTime() > deadline) {
        throw ApplicationFailure.newFailure(service + " is still " + (running ? "not running" : "running")
            + " after " + settleWithin.toSeconds() + "s: " + status.get().detail(), FailureTypes.TOOL_FAILED);
      }
      PollPause.between(service + ": " + status.get().detail(), POLL);
    }
  }

  private ServiceController controller(ServiceControl control) {
    return switch (control.provider()) {
      case "systemd" -> new SystemdServices(systemctl);
      case "command" -> new CommandServices(control);
      case "http" -> new HttpServices(http, control);
      case "kubernetes" -> new KubernetesDeployments(kubernetes.orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
          "this worker has no Kubernetes API configured (it does not run in a cluster)", FailureTypes.BAD_REQUEST)));
      default -> throw ApplicationFailure.newNonRetryableFailure(
          "unknown service provider " + control.provider() + "; expected systemd, command, http or kubernetes",
          FailureTypes.BAD_REQUEST);
    };
  }
}
