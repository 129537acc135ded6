package io.lifeboat.workflows.impl;

import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.backup.PostgresDumpActivities;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.lock.LockReport;
import io.lifeboat.workflows.lock.ObjectLockActivities;
import io.lifeboat.workflows.replication.CopyReport;
import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.replication.ReplicationActivities;
import io.lifeboat.workflows.restore.RestoreActivities;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.TargetActivities;
import io.lifeboat.workflows.tiers.StorageTierActivities;
import io.lifeboat.workflows.verify.VerifyActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hand-written stand-ins for the activities, recording every call in order, so workflow tests
 * check the orchestration alone. The real activities are tested against real PostgreSQL and S3.
 */
final class FakeActivities
    implements PostgresDumpActivities, CatalogActivities, VerifyActivities, RestoreActivities, TargetActivities,
    ReplicationActivities, ObjectLockActivities, StorageTierActivities {
  /** The configured kind of every target. */
  String targetKind = SourceKinds.POSTGRES;

  static final Instant RECOVERY_POINT = Instant.parse("2026-11-20T02:00:00Z");

  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<RunRecord> runs = new CopyOnWriteArrayList<>();
  volatile String integrityFailure;
  volatile List<String> testRestoreMismatches = List.of();
  volatile List<String> restoreMismatches = List.of();
  volatile DatabaseState destination = new DatabaseState(false, 0, 0);
  volatile List<String> locationsAfterBackup = List.of();
  volatile ReadSource readSource = ReadSource.primary();
  /** How many thaw checks find the backup still archived; 0: it is readable at once. */
  final AtomicInteger archivedChecks = new AtomicInteger();
  volatile LockReport lock = LockReport.notChecked("storage.objectLock is not configured");
  /** The schema whose dump fails, if any. */
  volatile String failingSchema;
  /** How long a dump of a schema takes, so that concurrent ones overlap. */
  volatile long schemaDumpMillis;
  final AtomicInteger dumping = new AtomicInteger();
  final AtomicInteger mostDumpingAtOnce = new AtomicInteger();

  @Override
  public DumpResult dumpToStorage(DumpRequest request) {
    calls.add("dump " + request.kind() + " " + (request.database() == null ? request.target() : request.database())
        + (request.schema() == null ? "" : " schema " + request.schema()));
    if (request.schema() != null) {
      dumpSchema(request.schema());
    }
    return new DumpResult(request.backupId(), "t/" + request.kind() + "/" + request.backupId() + "/manifest.json",
        RECOVERY_POINT, 1000, 400, 3);
  }

  private void dumpSchema(String schema) {
    mostDumpingAtOnce.accumulateAndGet(dumping.incrementAndGet(), Math::max);
    try {
      Thread.sleep(schemaDumpMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      dumping.decrementAndGet();
    }
    if (schema.equals(failingSchema)) {
      throw ApplicationFailure.newNonRetryableFailure("pg_dump exited with 1: permission denied for schema " + schema,
          FailureTypes.TOOL_FAILED);
    }
  }

  @Override
  public void recordBackup(String manifestKey) {
    calls.add("index " + manifestKey.substring(0, manifestKey.indexOf('/', 2)));
  }

  @Override
  public void markVerified(String backupId, Instant verifiedAt) {
    calls.add("verified " + backupId);
  }

  @Override
  public void recordRun(RunRecord run) {
    runs.add(run);
  }

  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    calls.add("integrity " + backupId);
    if (integrityFailure != null) {
      throw ApplicationFailure.newNonRetryableFailure(integrityFailure, FailureTypes.INTEGRITY);
    }
    return new IntegrityReport("shop", 1, 400, 42);
  }

  @Override
  public TestRestoreReport testRestore(String backupId, String scratchDatabase) {
    calls.add("test-restore " + scratchDatabase);
    return new TestRestoreReport(3, 100, testRestoreMismatches);
  }

  @Override
  public void dropScratchDatabase(String backupId, String scratchDatabase) {
    calls.add("drop " + scratchDatabase);
  }

  @Override
  public ResolvedBackup resolveBackup(String target, String selector) {
    calls.add("resolve " + selector);
    return new ResolvedBackup("b1", target, RECOVERY_POINT, 3_600_000, 1_800_000);
  }

  @Override
  public DatabaseState inspectDatabase(String target, String database) {
    calls.add("inspect " + database);
    return destination;
  }

  @Override
  public void restoreInto(String backupId, String target, String stagingDatabase) {
    calls.add("restore " + backupId + " " + stagingDatabase);
  }

  @Override
  public List<String> compareRowCounts(String backupId, String target, String database) {
    calls.add("compare " + database);
    return restoreMismatches;
  }

  @Override
  public boolean swapIn(String target, String stagingDatabase, String database, String retiredDatabase) {
    calls.add("swap " + stagingDatabase + " " + database);
    return destination.exists();
  }

  @Override
  public void swapBack(String target, String database, String retiredDatabase) {
    calls.add("swap back " + database);
  }

  @Override
  public void dropRetired(String target, String retiredDatabase) {
    calls.add("drop retired " + retiredDatabase.substring(0, retiredDatabase.indexOf("__lifeboat_old_")));
  }

  @Override
  public String targetKind(String target) {
    return targetKind;
  }

  @Override
  public String backupKind(String backupId) {
    return PostgresDumpActivities.KIND;
  }

  @Override
  public ResolvedBackup resolveSourceBackup(String target, String kind, String selector) {
    calls.add("resolve " + kind + " " + selector);
    return new ResolvedBackup("b1", target, RECOVERY_POINT, 3_600_000, 1_800_000);
  }

  @Override
  public List<String> locations() {
    return List.of("offsite", "vault");
  }

  @Override
  public List<String> locationsAfterBackup(String target) {
    calls.add("locations " + target);
    return locationsAfterBackup;
  }

  @Override
  public ReadSource readSource(String backupId) {
    calls.add("source " + backupId);
    return readSource;
  }

  @Override
  public CopyReport copyBackup(String backupId, String location) {
    calls.add("copy " + location);
    return new CopyReport(backupId, location, location + "-bucket", "m", 3, 3, 400, List.of());
  }

  @Override
  public CopyReport checkCopy(String backupId, String location) {
    calls.add("check " + location);
    return new CopyReport(backupId, location, location + "-bucket", "m", 3, 0, 0, List.of());
  }

  @Override
  public LockReport checkLock(String backupId) {
    calls.add("lock " + backupId);
    return lock;
  }

  @Override
  public int applyLegalHold(String backupId, boolean hold) {
    calls.add((hold ? "hold " : "release ") + backupId);
    return 3;
  }

  @Override
  public List<String> dueForTransition(String target) {
    return List.of();
  }

  @Override
  public TierChange transition(String backupId) {
    throw new UnsupportedOperationException("retention moves backups between classes");
  }

  @Override
  public boolean requestThaw(String backupId) {
    calls.add("thaw " + backupId);
    return archivedChecks.get() == 0;
  }

  @Override
  public boolean thawed(String backupId) {
    calls.add("thawed? " + backupId);
    return archivedChecks.decrementAndGet() <= 0;
  }
}
