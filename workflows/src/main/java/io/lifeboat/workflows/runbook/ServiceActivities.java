package io.lifeboat.workflows.runbook;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** Stops and starts the services around a recovery. Both are idempotent: stopping a stopped service succeeds. */
@ActivityInterface
public interface ServiceActivities {
  /** Stops every service and returns once each reports stopped. */
  List<ServiceStatus> stopServices(ServiceControl control);

  /** Starts every service and returns once each reports running. */
  List<ServiceStatus> startServices(ServiceControl control);

  List<ServiceStatus> serviceStatus(ServiceControl control);

  record ServiceStatus(String service, boolean running, String detail) {}
}
