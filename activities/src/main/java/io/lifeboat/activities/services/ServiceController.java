package io.lifeboat.activities.services;

import io.lifeboat.workflows.runbook.ServiceActivities.ServiceStatus;
import java.util.Optional;

/** One way of controlling services (systemd, commands, HTTP endpoints). Calls return once the request is made. */
interface ServiceController {
  void stop(String service);

  void start(String service);

  /** Whether the service runs now, or empty when this controller has no way to tell. */
  Optional<ServiceStatus> status(String service);
}
