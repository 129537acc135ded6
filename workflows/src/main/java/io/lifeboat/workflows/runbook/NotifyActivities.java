package io.lifeboat.workflows.runbook;

import io.temporal.activity.ActivityInterface;

/** Tells people what a run is doing. */
@ActivityInterface
public interface NotifyActivities {
  void sendNotification(Notification notification);
}
