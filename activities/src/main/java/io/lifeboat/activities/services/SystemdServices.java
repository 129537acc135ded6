package io.lifeboat.activities.services;

import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.ServiceActivities.ServiceStatus;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Services as systemd units, through {@code systemctl}. */
final class SystemdServices implements ServiceController {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final String systemctl;

  /** @param systemctl the systemctl executable; tests pass a stand-in */
  SystemdServices(String systemctl) {
    this.systemctl = systemctl;
  }

  @Override
  public void stop(String service) {
    systemctl("stop", service);
  }

  @Override
  public void start(String service) {
    systemctl("start", service);
  }

  @Override
  public Optional<ServiceStatus> status(String service) {
    CommandOutput outcome = ShellCommand.run(List.of(systemctl, "is-active", unit(service)), TIMEOUT);
    return Optional.of(new ServiceStatus(service, outcome.succeeded(), outcome.output()));
  }

  /** {@code service} when it is a unit name; one starting with '-' would be read by systemctl as an option. */
  static String unit(String service) {
    if (service.isEmpty() || service.startsWith("-")) {
      throw ApplicationFailure.newNonRetryableFailure("service '" + service + "' is not a systemd unit name (it would "
          + "be read as an option): name a unit such as orders.service", FailureTypes.BAD_REQUEST);
    }
    return service;
  }

  private void systemctl(String verb, String service) {
    CommandOutput outcome = ShellCommand.run(List.of(systemctl, verb, unit(service)), TIMEOUT);
    if (!outcome.succeeded()) {
      // an unknown unit will not appear by trying again
      boolean unknown = outcome.output().contains("not found") || outcome.output().contains("not loaded");
      String message = "systemctl " + verb + " " + service + " failed (" + outcome.exitCode() + "): " + outcome.output();
      throw unknown
          ? ApplicationFailure.newNonRetryableFailure(message, FailureTypes.BAD_REQUEST)
          : ApplicationFailure.newFailure(message, FailureTypes.TOOL_FAILED);
    }
  }
}
