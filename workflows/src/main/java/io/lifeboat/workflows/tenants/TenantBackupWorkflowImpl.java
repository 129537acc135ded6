package io.lifeboat.workflows.tenants;

import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.common.RunLedger;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepTracker;
import io.lifeboat.workflows.tenants.TenantBackupRequest;
import io.lifeboat.workflows.tenants.TenantBackupResult;
import io.lifeboat.workflows.tenants.TenantBackupResult.Tenant;
import io.lifeboat.workflows.tenants.TenantBackupWorkflow;
import io.lifeboat.workflows.tenants.PostgresTenantActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * List the matching schemas → one child backup per schema ({@code backup:<target>:<schema>}), at
 * most N at a time → report every tenant. Each tenant is a step of the progress query.
 */
public class TenantBackupWorkflowImpl implements TenantBackupWorkflow {
  private final PostgresTenantActivities tenants =
      Workflow.newActivityStub(PostgresTenantActivities.class, ActivityDefaults.quick());
  private final StepTracker steps = new StepTracker("TENANT_BACKUP", "list");

  @Override
  public TenantBackupResult backupTenants(TenantBackupRequest request) {
    RunLedger run = RunLedger.start(RunType.TENANT_BACKUP, request.target(), null, request.requestedBy(),
        "schemas matching " + request.pattern());
    try {
      List<String> schemas = steps.run("list", () -> tenants.matchingSchemas(request.target(), request.pattern()),
          s -> s.size() + " schemas: " + String.join(", ", s));
      schemas.forEach(steps::add);
      Map<String, Promise<BackupResult>> backups = backUpAll(request, schemas);
      List<Tenant> outcomes = new ArrayList<>();
      backups.forEach((schema, backup) -> outcomes.add(backup.getFailure() == null
          ? new Tenant(schema, backup.get().backupId(), backup.get().storedBytes(), null)
          : new Tenant(schema, null, 0, Failures.message(backup.getFailure()))));
      TenantBackupResult result = new TenantBackupResult(request.target(), request.pattern(), outcomes);
      if (!result.failed().isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(summary(result), FailureTypes.TENANT_BACKUPS_FAILED, result);
      }
      run.completed();
      steps.finished();
      return result;
    } catch (RuntimeException e) {
      steps.failed();
      run.failed(e);
      throw e;
    }
  }

  /** Starts child backups in schema order, keeping at most the request's concurrency running. */
  private Map<String, Promise<BackupResult>> backUpAll(TenantBackupRequest request, List<String> schemas) {
    int limit = request.concurrency() > 0 ? request.concurrency() : DEFAULT_CONCURRENCY;
    Deque<String> waiting = new ArrayDeque<>(schemas);
    Map<String, Promise<BackupResult>> started = new LinkedHashMap<>();
    List<Promise<BackupResult>> running = new ArrayList<>();
    while (!waiting.isEmpty()) {
      running.removeIf(Promise::isCompleted);
      if (running.size() >= limit) {
        Workflow.await(() -> running.stream().anyMatch(Promise::isCompleted));
        continue;
      }
      String schema = waiting.removeFirst();
      BackupWorkflow child = Workflow.newChildWorkflowStub(BackupWorkflow.class, ChildWorkflowOptions.newBuilder()
          .setWorkflowId(BackupWorkflow.workflowId(request.target(), schema))
          .build());
      BackupRequest backup = new BackupRequest(request.target(), request.reason(), request.requestedBy(), schema);
      Promise<BackupResult> done = Async.function(() -> steps.run(schema, () -> child.backup(backup),
          r -> "backup " + r.backupId() + ", " + r.storedBytes() + " bytes stored"));
      started.put(schema, done);
      running.add(done);
    }
    Workflow.await(() -> started.values().stream().allMatch(Promise::isCompleted));
    return started;
  }

  private static String summary(TenantBackupResult result) {
    List<String> failed = result.failed().stream().map(t -> t.schema() + ": " + t.error()).toList();
    List<String> done = result.tenants().stream().filter(t -> !t.failed())
        .map(t -> t.schema() + " (" + t.backupId() + ")").toList();
    return failed.size() + " of " + result.tenants().size() + " tenant backups of target " + result.target()
        + " failed: " + String.join("; ", failed) + (done.isEmpty() ? "" : ". Backed up: " + String.join(", ", done));
  }

  @Override
  public RunProgress progress() {
    return steps.progress();
  }
}
