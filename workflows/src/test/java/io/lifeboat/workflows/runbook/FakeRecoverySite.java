package io.lifeboat.workflows.runbook;

import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.replication.CopyReport;
import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.replication.ReplicationActivities;
import io.lifeboat.workflows.restore.OverlapActivities;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.lifeboat.workflows.tiers.StorageTierActivities;
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
        SourceActivities, CatalogActivities, ReplicationActivities, StorageTierActivities, OverlapActivities {
  static final Instant RECOVERY_POINT = Instant.parse("2026-01-31T01:00:00Z");

  final List<String> journal = Collections.synchronizedList(new ArrayList<>());
  /** What the run recorded in the catalog, apart from the journal: bookkeeping, not recovery. */
  final List<RunRecord> catalogRuns = Collections.synchronizedList(new ArrayList<>());
  /** The server (a destination's name) each restore went to; null for the target's own. */
  final List<String> restoredOnto = Collections.synchronizedList(new ArrayList<>());
  /** The recovery point of every backup resolved. */
  Instant recoveryPoint = RECOVERY_POINT;
  /** The backups marked verified. */
  final List<String> verified = Collections.synchronizedList(new ArrayList<>());
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
  public SourceBackupResult backup(SourceBackupRequest request) {
    call("safetyBackup " + request.target());
    return new SourceBackupResult(request.backupId(), SourceKinds.PG_SAFETY, "t/pg-safety/" + request.backupId(),
        RECOVERY_POINT, 1024, 512, null, "1024 bytes", List.of(), List.of());
  }

  @Override
  public ResolvedBackup resolve(TargetRef source, String selector) {
    call("resolveBackup " + source.target() + " " + selector);
    return new ResolvedBackup("b-" + source.target(), source.target(), recoveryPoint, 3_600_000, 1_800_000);
  }

  @Override
  public DestinationState inspect(Destination destination) {
    call("inspectDatabase " + destination.target());
    if (destination.server() != null && destination.server().startsWith("drill/")) {
      return new DestinationState("database " + database(destination) + " on " + destination.server(), false,
          "does not exist", true); // a drill's scratch server starts empty
    }
    return new DestinationState("database " + database(destination), true, "3 tables, 1024 bytes", true);
  }

  @Override
  public Staged restoreStaged(String backupId, Destination destination, String runToken) {
    call("restoreInto " + backupId);
    restoredOnto.add(destination.server());
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
    return new Staged(database(destination) + "__lifeboat_restore", "restored");
  }

  @Override
  public Comparison compare(String backupId, Destination destination, Staged staged) {
    call("compareRowCounts " + backupId);
    return new Comparison("tables", 3, List.of());
  }

  @Override
  public Committed commit(String backupId, Destination destination, Staged staged, String runToken) {
    call("swapIn " + database(destination));
    return new Committed(database(destination) + "__lifeboat_old", "swapped"); // the site's databases all exist
  }

  @Override
  public void rollback(Destination destination, Committed committed) {
    call("swapBack " + database(destination));
  }

  @Override
  public void discardStaged(Destination destination, String runToken) {
    call("dropStaged " + database(destination));
  }

  @Override
  public void dropReplaced(Destination destination, Committed committed) {
    call("dropRetired " + database(destination));
  }

  /** The database a restore step names, else the target's own (named as the target here). */
  private static String database(Destination destination) {
    return destination.place() == null ? destination.target() : destination.place();
  }

  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    call("checkIntegrity " + backupId);
    return new IntegrityReport("orders", 2, 2048, 10, "2 objects, 2048 bytes, 10 archive entries");
  }

  @Override
  public TestRestoreReport testRestore(String backupId) {
    throw new UnsupportedOperationException("runbooks do not test-restore");
  }

  /** Nothing else runs on this site's targets: bookkeeping, not journalled. */
  @Override
  public void refuseOverlappingRuns(String target, String workflowId) {}

  /** Backups here are all in the primary bucket, in a readable storage class: bookkeeping, not journalled. */
  @Override
  public ReadSource readSource(String backupId) {
    return ReadSource.primary();
  }

  @Override
  public boolean requestThaw(String backupId) {
    return true;
  }

  @Override
  public boolean thawed(String backupId) {
    return true;
  }

  @Override
  public List<String> dueForTransition(String target) {
    return List.of();
  }

  @Override
  public TierChange transition(String backupId) {
    throw new UnsupportedOperationException("runbooks do not move backups between classes");
  }

  @Override
  public List<String> locations() {
    return List.of();
  }

  @Override
  public List<String> locationsAfterBackup(String target) {
    return List.of();
  }

  @Override
  public CopyReport copyBackup(String backupId, String location) {
    throw new UnsupportedOperationException("runbooks do not copy backups");
  }

  @Override
  public CopyReport checkCopy(String backupId, String location) {
    throw new UnsupportedOperationException("runbooks do not copy backups");
  }

  @Override
  public void recordBackup(String manifestKey) {}

  @Override
  public void markVerified(String backupId, Instant verifiedAt) {
    verified.add(backupId);
  }

  @Override
  public void recordRun(RunRecord run) {
    catalogRuns.add(run);
  }
}
