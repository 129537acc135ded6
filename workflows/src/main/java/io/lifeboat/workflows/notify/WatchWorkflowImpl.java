package io.lifeboat.workflows.notify;

import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.Failures;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * One watch: list the worker hosts, check each host's scratch disks on its own queue (in
 * parallel) and the copies' lag once; a check that fails is reported and the others stand.
 */
public class WatchWorkflowImpl implements WatchWorkflow {
  private static final Logger log = Workflow.getLogger(WatchWorkflowImpl.class);
  /** A host that stopped polling since it was listed is given up after this, rather than waited for. */
  private static final Duration HOST_PICKS_UP_WITHIN = Duration.ofMinutes(1);

  private final WatchActivities shared =
      Workflow.newActivityStub(WatchActivities.class, ActivityDefaults.notifications());

  @Override
  public WatchReport watch() {
    List<String> queues = shared.watchedHostQueues();
    Map<String, Promise<List<String>>> disks = new LinkedHashMap<>();
    for (String queue : queues) {
      WatchActivities host = Workflow.newActivityStub(WatchActivities.class,
          ActivityOptions.newBuilder(ActivityDefaults.notifications())
              .setTaskQueue(queue)
              .setScheduleToStartTimeout(HOST_PICKS_UP_WITHIN)
              .build());
      disks.put(queue, Async.function(host::checkScratchDisks));
    }
    Promise<List<String>> lags = Async.function(shared::checkReplicationLags);
    List<String> findings = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    disks.forEach((queue, check) -> collect("scratch disks of " + queue, check, findings, failures));
    collect("replication lags", lags, findings, failures);
    return new WatchReport(queues, findings, failures);
  }

  private static void collect(String what, Promise<List<String>> check, List<String> findings, List<String> failures) {
    try {
      findings.addAll(check.get());
    } catch (ActivityFailure failure) {
      String line = what + " not checked: " + Failures.describe(failure);
      log.warn(line);
      failures.add(line);
    }
  }
}
