package io.lifeboat.workflows.runbook;

import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.restore.RestoreActivities;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.TargetActivities;
import io.lifeboat.workflows.verify.VerifyActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Every activity a runbook calls, done in memory: it records each call in a journal, in order,
 * and fails the calls a test asks it to.
 */
class FakeRecoverySite
    implements ServiceActivities, TrafficActivities, CheckActivities, MigrationActivities, NotifyActivities,
        RestoreActivities, VerifyActivities, CatalogActivities, TargetActivities {
  static final Instant RECOVERY_POINT = Instant.parse("2026-01-31T01:00:00Z");

  final List<String> journal = Collections.synchronizedList(new ArrayList<>());
  /** What the run recorded in the catalog, apart from the journal: bookkeeping, not recovery. */
  final List<RunRecord> catalogRuns = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> failuresLeft = new HashMap<>();
  private CountDownLatch restoresRunning;

  /** Makes the next {@code times} calls of {@code activity} fail with a retryable error. */
  FakeRecoverySite failing(String activity, int times) {
    failuresLeft.put(activity, times);
    return this;
  }

  /** Makes every restore wait until {@code count} restores run at the same time. */
  FakeRecoverySite restoresMeetInParallel(int count) {
    restoresRunning = new CountDownLatch(count);
    return this;
  }

  private synchronized void call(String entry) {
    journal.add(entry);
    String activity = entry.split(" ")[0];
    int left = failuresLeft.getOrDefault(activity, 0);
    if (left > 0) {
      failuresLeft.put(activity, left - 1);
      throw ApplicationFailure.newFailure(activity + " broke (fake)", "FakeFailure");
    }
  }

  @Override
  public List<ServiceStatus> stopServices(ServiceControl control) {
    call("stopServices " + control.services());
    return control.services().stream().map(s -> new ServiceStatus(s, false, "inactive")).toList();
  }

  @Override
  public List<ServiceStatus> startServices(ServiceControl control) {
    call("startServices " + control.services());
    return control.services().stream().map(s -> new ServiceStatus(s, true, "active")).toList();
  }

  @Override
  public List<ServiceStatus> serviceStatus(ServiceControl control) {
    call("serviceStatus " + control.services());
    return List.of();
  }

  @Override
  public String redirectTraffic(TrafficSwitch trafficSwitch) {
    call("redirectTraffic " + trafficSwitch.from() + "->" + trafficSwitch.to());
    return trafficSwitch.to() + " UP";
  }

  @Override
  public String sendTrafficBack(TrafficSwitch trafficSwitch) {
    call("sendTrafficBack " + trafficSwitch.to() + "->" + trafficSwitch.from());
    return trafficSwitch.from() + " UP";
  }

  @Override
  public String healthCheck(HealthCheck check) {
    call("healthCheck " + check.target());
    return "200 from " + check.target();
  }

  @Override
  public String migrate(Migration migration) {
    call("migrate " + migration.command());
    return "migrated";
  }

  @Override
  public void sendNotification(Notification notification) {
    call("sendNotification " + notification.message());
  }

  /** Every target here is a PostgreSQL database; looking that up is bookkeeping, not journalled. */
  @Override
  public String targetKind(String target) {
    return SourceKinds.POSTGRES;
  }

  @Override
  public String backupKind(String backupId) {
    return "pg-dump";
  }

  @Override
  public ResolvedBackup resolveSourceBackup(String target, String kind, String selector) {
    throw new UnsupportedOperationException("PostgreSQL targets resolve through RestoreActivities");
  }

  @Override
  public ResolvedBackup resolveBackup(String target, String selector) {
    call("resolveBackup " + target + " " + selector);
    return new ResolvedBackup("b-" + target, target, RECOVERY_POINT, 3_600_000, 1_800_000);
  }

  @Override
  public DatabaseState inspectDatabase(String target, String database) {
    call("inspectDatabase " + target);
    return new DatabaseState(true, 3, 1024);
  }

  @Override
  public void restoreInto(String backupId, String target, String stagingDatabase) {
    call("restoreInto " + backupId);
    if (restoresRunning != null) {
      restoresRunning.countDown();
      try {
        if (!restoresRunning.await(10, TimeUnit.SECONDS)) {
          throw ApplicationFailure.newNonRetryableFailure("restores did not run in parallel", "FakeFailure");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public List<String> compareRowCounts(String backupId, String target, String database) {
    call("compareRowCounts " + backupId);
    return List.of();
  }

  @Override
  public boolean swapIn(String target, String stagingDatabase, String database, String retiredDatabase) {
    call("swapIn " + database);
    return true; // the site's databases all exist
  }

  @Override
  public void swapBack(String target, String database, String retiredDatabase) {
    call("swapBack " + database);
  }

  @Override
  public void dropRetired(String target, String retiredDatabase) {
    call("dropRetired " + database(retiredDatabase));
  }

  /** The live database a retired copy was set aside from ({@code orders__lifeboat_old_1234abcd}). */
  private static String database(String retired) {
    return retired.substring(0, retired.indexOf("__lifeboat_old_"));
  }

  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    call("checkIntegrity " + backupId);
    return new IntegrityReport("orders", 2, 2048, 10);
  }

  @Override
  public TestRestoreReport testRestore(String backupId, String scratchDatabase) {
    throw new UnsupportedOperationException("runbooks do not test-restore");
  }

  @Override
  public void dropScratchDatabase(String backupId, String scratchDatabase) {
    call("dropScratchDatabase " + scratchDatabase.replaceAll("_lifeboat_.*", "_lifeboat_*"));
  }

  @Override
  public void recordBackup(String manifestKey) {}

  @Override
  public void markVerified(String backupId, Instant verifiedAt) {}

  @Override
  public void recordRun(RunRecord run) {
    catalogRuns.add(run);
  }
}
