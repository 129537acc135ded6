package io.lifeboat.workflows.orchestration;

import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.backup.ConfiguredHooks;
import io.lifeboat.workflows.backup.HookActivities;
import io.lifeboat.workflows.backup.HookOutcome;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.lock.LockReport;
import io.lifeboat.workflows.lock.ObjectLockActivities;
import io.lifeboat.workflows.replication.CopyReport;
import io.lifeboat.workflows.restore.OverlapActivities;
import io.lifeboat.workflows.restore.ReplaceApproval;
import io.lifeboat.workflows.restore.ReplaceApprovalActivities;
import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.replication.ReplicationActivities;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.lifeboat.workflows.tenants.PostgresTenantActivities;
import io.lifeboat.workflows.tiers.StorageTierActivities;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hand-written stand-ins for the activities, recording every call in order, so workflow tests
 * check the orchestration alone. The source contract answers as the source of {@link #kind} would
 * (every kind a worker has: see {@link FakeKind}); the real sources are tested against real
 * PostgreSQL, Redis, file systems and S3.
 */
final class FakeActivities implements SourceActivities, PostgresTenantActivities, CatalogActivities, OverlapActivities,
    ReplicationActivities, ObjectLockActivities, StorageTierActivities, HookActivities, ReplaceApprovalActivities {
  static final Instant RECOVERY_POINT = Instant.parse("2026-11-20T02:00:00Z");

  /** How each kind of source answers the contract, as far as workflows can tell them apart. */
  enum FakeKind {
    POSTGRES("postgres", "pg-dump", "pg-safety", true, "tables"),
    TENANT_SCHEMA("postgres", "pg-schema", "pg-schema-safety", true, "tables"),
    FILES("files", "files", null, false, "files"),
    CONFIG("config", "config", null, false, "files"),
    REDIS("redis", "redis", null, false, "keys"),
    POSTGRES_CLUSTER("postgres-cluster", "pg-base", null, false, "databases"),
    ETCD("etcd", "etcd", null, false, "keys"),
    KUBERNETES("kubernetes", "kubernetes", null, false, "objects");

    final String targetKind;
    final String backupKind;
    final String safetyKind;
    final boolean safetyBackup;
    final String unit;

    FakeKind(String targetKind, String backupKind, String safetyKind, boolean safetyBackup, String unit) {
      this.targetKind = targetKind;
      this.backupKind = backupKind;
      this.safetyKind = safetyKind;
      this.safetyBackup = safetyBackup;
      this.unit = unit;
    }
  }

  final List<String> calls = new CopyOnWriteArrayList<>();
  /**
   * What the target asks of a restore that replaces its data. None by default, so that tests of
   * other steps do not wait; ReplaceApprovalTest asks for it.
   */
  volatile ReplaceApproval replaceApproval = new ReplaceApproval(false, Duration.ofHours(4));
  final List<RunRecord> runs = new CopyOnWriteArrayList<>();
  volatile FakeKind kind = FakeKind.POSTGRES;
  volatile String integrityFailure;
  volatile List<String> testRestoreMismatches = List.of();
  volatile List<String> restoreMismatches = List.of();
  /** Whether the destination holds data, and what. */
  volatile boolean destinationHoldsData;
  volatile String destinationDescription = "does not exist";
  /** Why the destination cannot be restored into (a PostgreSQL cluster, a tenant in use); null: it can. */
  volatile String refuseDestination;
  /** Why the swap fails (a schema in use); null: it succeeds. */
  volatile String commitFailure;
  volatile List<String> locationsAfterBackup = List.of();
  volatile ReadSource readSource = ReadSource.primary();
  /** How many thaw checks find the backup still archived; 0: it is readable at once. */
  final AtomicInteger archivedChecks = new AtomicInteger();
  volatile LockReport lock = LockReport.notChecked("storage.objectLock is not configured");
  /** The tenants of the target's database. */
  volatile List<String> schemas = List.of();
  /** The schema whose backup fails, if any. */
  volatile String failingSchema;
  /** How long a backup of a schema takes, so that concurrent ones overlap. */
  volatile long schemaDumpMillis;
  final AtomicInteger dumping = new AtomicInteger();
  final AtomicInteger mostDumpingAtOnce = new AtomicInteger();
  /** The target's hooks around its backups. */
  volatile ConfiguredHooks hooks = ConfiguredHooks.none();
  /** The hooks that fail (exit 3, saying why), e.g. {@code When.BEFORE}. */
  final Set<When> failingHooks = ConcurrentHashMap.newKeySet();
  /** Why a backup fails; null: it succeeds. */
  volatile String backupFailure;
  /** Set: a backup says it started, waits for it, then heartbeats until its cancellation reaches it. */
  volatile CountDownLatch backupHeldUntil;
  final CountDownLatch backupStarted = new CountDownLatch(1);

  @Override
  public String targetKind(String target) {
    return kind.targetKind;
  }

  @Override
  public SourceBackupResult backup(SourceBackupRequest request) {
    String stored = request.safety() ? kind.safetyKind : kind.backupKind;
    calls.add("backup " + stored + " " + request.source()
        + (request.safety() && request.safetyOf().place() != null ? " at " + request.safetyOf().place() : ""));
    if (request.source().schema() != null) {
      dumpSchema(request.source().schema());
    }
    if (backupHeldUntil != null) {
      runUntilCancelled(backupHeldUntil);
    }
    if (backupFailure != null) {
      throw ApplicationFailure.newNonRetryableFailure(backupFailure, FailureTypes.TOOL_FAILED);
    }
    return new SourceBackupResult(request.backupId(), stored, "t/" + stored + "/" + request.backupId() + "/manifest.json",
        RECOVERY_POINT, 1000, 400, null, "1000 bytes", List.of(), List.of());
  }

  /**
   * Stands for a long backup: waits for {@code released}, then heartbeats until Temporal answers
   * that the attempt is cancelled (the SDK throws it from a heartbeat), as the real one does.
   */
  private void runUntilCancelled(CountDownLatch released) {
    backupStarted.countDown();
    try {
      released.await();
      for (int beat = 0; beat < 600; beat++) { // 30 s: a loaded machine delivers the cancellation late
        Activity.getExecutionContext().heartbeat(beat);
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("the backup was never cancelled");
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

  /** Runs of the target in progress, by workflow id; a restore refuses to overlap them. */
  final List<String> runningOnTarget = new CopyOnWriteArrayList<>();

  @Override
  public void refuseOverlappingRuns(String target, String workflowId) {
    if (!runningOnTarget.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("target " + target + " is being changed by "
          + String.join(", ", runningOnTarget), FailureTypes.TARGET_BUSY);
    }
  }

  @Override
  public List<String> matchingSchemas(String target, String pattern) {
    calls.add("list " + pattern);
    if (schemas.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("no schema of database shop of target " + target + " matches '"
          + pattern + "'", FailureTypes.UNKNOWN_SCHEMA);
    }
    return schemas;
  }

  @Override
  public ConfiguredHooks configuredHooks(String target) {
    return hooks;
  }

  @Override
  public HookOutcome runHook(String target, When when) {
    String which = when.name().toLowerCase(Locale.ROOT);
    calls.add("hook " + which + " " + target);
    return failingHooks.contains(when)
        ? new HookOutcome("command", false, "exited 3", 40, which + ": cannot reach the application")
        : new HookOutcome("command", true, "exited 0", 40, "");
  }

  @Override
  public ReplaceApproval replaceApproval(String target) {
    return replaceApproval;
  }

  @Override
  public ResolvedBackup resolve(TargetRef source, String selector) {
    calls.add("resolve " + source + " " + selector);
    return new ResolvedBackup("b1", source.target(), RECOVERY_POINT, 3_600_000, 1_800_000);
  }

  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    calls.add("integrity " + backupId);
    if (integrityFailure != null) {
      throw ApplicationFailure.newNonRetryableFailure(integrityFailure, FailureTypes.INTEGRITY);
    }
    return new IntegrityReport("shop", 1, 400, 42, "1 object, 400 bytes; signature valid");
  }

  @Override
  public DestinationState inspect(Destination destination) {
    calls.add("inspect " + where(destination));
    if (refuseDestination != null) {
      throw ApplicationFailure.newNonRetryableFailure(refuseDestination, FailureTypes.BAD_REQUEST);
    }
    return new DestinationState(where(destination), destinationHoldsData, destinationDescription, kind.safetyBackup);
  }

  @Override
  public Staged restoreStaged(String backupId, Destination destination, String runToken) {
    calls.add("restore " + backupId + " beside " + where(destination));
    return new Staged(where(destination) + "__staged", "restored");
  }

  @Override
  public Comparison compare(String backupId, Destination destination, Staged staged) {
    calls.add("compare " + staged.where());
    return new Comparison(kind.unit, 3, restoreMismatches);
  }

  @Override
  public Committed commit(String backupId, Destination destination, Staged staged, String runToken) {
    calls.add("swap " + staged.where() + " in as " + where(destination));
    if (commitFailure != null) {
      throw ApplicationFailure.newNonRetryableFailure(commitFailure, FailureTypes.SCHEMA_IN_USE);
    }
    return new Committed(destinationHoldsData ? where(destination) + "__old" : null, "swapped");
  }

  @Override
  public void rollback(Destination destination, Committed committed) {
    calls.add("rollback " + where(destination) + (committed.replaced() ? " from " + committed.keptAs() : ""));
  }

  @Override
  public void discardStaged(Destination destination, String runToken) {
    calls.add("discard staged " + where(destination));
  }

  @Override
  public void dropReplaced(Destination destination, Committed committed) {
    calls.add("drop " + (committed.replaced() ? committed.keptAs() : "what undoes the swap"));
  }

  @Override
  public TestRestoreReport testRestore(String backupId) {
    calls.add("test-restore " + backupId);
    return new TestRestoreReport(new Comparison(kind.unit, 3, testRestoreMismatches), "3 " + kind.unit + " compared");
  }

  private static String where(Destination destination) {
    return destination.source() + (destination.place() == null ? "" : " at " + destination.place());
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
