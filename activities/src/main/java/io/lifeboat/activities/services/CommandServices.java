package io.lifeboat.activities.services;

import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.ServiceActivities.ServiceStatus;
import io.lifeboat.workflows.runbook.ServiceControl;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Optional;

/**
 * Services controlled by the operator's own shell commands; {@code {service}} stands for the
 * service, shell-quoted: a service name comes from a run's parameters and is never read as shell.
 */
final class CommandServices implements ServiceController {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final ServiceControl control;

  CommandServices(ServiceControl control) {
    this.control = control;
  }

  @Override
  public void stop(String service) {
    run("stop", control.stop(), service);
  }

  @Override
  public void start(String service) {
    run("start", control.start(), service);
  }

  /** Exit code 0 means running. */
  @Override
  public Optional<ServiceStatus> status(String service) {
    if (control.status() == null) {
      return Optional.empty();
    }
    CommandOutput outcome = ShellCommand.sh(command(control.status(), service), TIMEOUT);
    return Optional.of(new ServiceStatus(service, outcome.succeeded(), describe(outcome)));
  }

  private static void run(String verb, String command, String service) {
    if (command == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no " + verb + " command given for " + service, FailureTypes.BAD_REQUEST);
    }
    CommandOutput outcome = ShellCommand.sh(command(command, service), TIMEOUT);
    if (!outcome.succeeded()) {
      throw ApplicationFailure.newFailure(
          verb + " command for " + service + " failed: " + describe(outcome), FailureTypes.TOOL_FAILED);
    }
  }

  /** The operator's {@code command} for {@code service}. */
  static String command(String command, String service) {
    return command.replace("{service}", ShellCommand.quoted(service));
  }

  private static String describe(CommandOutput outcome) {
    return "exit " + outcome.exitCode() + (outcome.output().isEmpty() ? "" : ": " + outcome.output());
  }
}
