package io.lifeboat.catalog;

import io.lifeboat.config.TargetConfig;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.manifest.Sha256;
import jakarta.annotation.Nullable;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Lifeboat's catalog: an index of the bucket's backups, the configured targets and the history
 * of runs, in PostgreSQL. The bucket stays the source of truth; {@link #replaceBackupIndex}
 * rebuilds the index from it. Every write is an idempotent upsert, because activities retry.
 */
public final class Catalog {
  private static final String MIGRATIONS = "classpath:db/migration";
  /** Key of the advisory lock of {@link #asTheOnlyBucketWriter}: "Lifeboat" in ASCII. */
  private static final long BUCKET_WRITER_LOCK = 0x4c69_6665_626f_6174L;

  private final Jdbi jdbi;

  /** Uses {@code jdbi} as configured (Dropwizard's JdbiFactory, say) plus the SqlObject plugin. */
  public Catalog(Jdbi jdbi) {
    this.jdbi = jdbi.installPlugin(new SqlObjectPlugin());
  }

  public Catalog(DataSource dataSource) {
    this(Jdbi.create(dataSource));
  }

  /**
   * Brings the catalog schema up to date, at start-up, before any other use.
   *
   * @throws CatalogUnavailableException when the database cannot be reached or refuses the
   *     login, with what to check
   */
  public static void migrate(DataSource dataSource) {
    // Connect once ourselves first: Flyway's own failure message buries the cause.
    try {
      dataSource.getConnection().close();
    } catch (SQLException e) {
      throw CatalogUnavailableException.of(dataSource, e);
    }
    Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
  }

  /** Makes the targets table match the configuration: adds, updates and removes targets. */
  public void syncTargets(Map<String, ? extends TargetConfig> targets) {
    jdbi.useTransaction(
        handle -> {
          TargetDao dao = handle.attach(TargetDao.class);
          targets.forEach(
              (name, target) ->
                  dao.upsert(
                      name,
                      target.kind(),
                      target.getRpo().toMilliseconds(),
                      target.getRto().toMilliseconds()));
          dao.deleteAllExcept(targets.keySet().toArray(String[]::new));
        });
  }

  /** Targets by name. */
  public List<TargetEntry> listTargets() {
    return jdbi.withExtension(TargetDao.class, TargetDao::list);
  }

  /** Indexes a backup whose manifest has been written to {@code manifestKey}. */
  public void recordBackup(Manifest manifest, String manifestKey, String manifestSha256) {
    BackupEntry backup = BackupEntry.completed(manifest, manifestKey, manifestSha256);
    jdbi.useExtension(BackupDao.class, dao -> dao.upsert(backup, StoredObjectsJson.write(backup.objects())));
  }

  /**
   * Records that a backup passed verification at {@code at} (an earlier time never replaces a
   * later one), and queues the verification's record for the bucket.
   *
   * @return false when the catalog does not know the backup
   */
  public boolean markVerified(String backupId, Instant at) {
    Instant verifiedAt = BucketRecords.micros(at);
    return jdbi.inTransaction(handle -> {
      if (handle.attach(BackupDao.class).markVerified(backupId, verifiedAt) == 0) {
        return false;
      }
      handle.attach(BucketWriteDao.class).queue(BucketRecords.verificationKey(backupId, verifiedAt),
          BucketRecords.verification(backupId, verifiedAt));
      return true;
    });
  }

  public Optional<BackupEntry> findBackup(String backupId) {
    return jdbi.withExtension(BackupDao.class, dao -> dao.find(backupId));
  }

  /** Backups of every status, newest recovery point first; of one target, or all if null. */
  public List<BackupEntry> listBackups(@Nullable String target, int limit) {
    return jdbi.withExtension(
        BackupDao.class, dao -> target == null ? dao.list(limit) : dao.list(target, limit));
  }

  /** Backups of one schema of {@code target} (a tenant's), of every status, newest recovery point first. */
  public List<BackupEntry> listSchemaBackups(String target, String schema, int limit) {
    return jdbi.withExtension(BackupDao.class, dao -> dao.listOfSchema(target, schema, limit));
  }

  /** The completed backup of {@code kind} of one schema of {@code target}: a tenant's latest. */
  public Optional<BackupEntry> latestSchemaBackup(String target, String kind, String schema) {
    return jdbi.withExtension(BackupDao.class, dao -> dao.latestCompletedOfSchema(target, kind, schema));
  }

  /** As {@link #latestSchemaBackup}, with a recovery point at or before {@code before}. */
  public Optional<BackupEntry> latestSchemaBackupBefore(String target, String kind, String schema, Instant before) {
    return jdbi.withExtension(
        BackupDao.class, dao -> dao.latestCompletedOfSchemaAtOrBefore(target, kind, schema, before));
  }

  /**
   * The completed backup of {@code target} with the newest recovery point. This and the other
   * "latest" queries of a target answer with its own backups only, never one tenant's.
   */
  public Optional<BackupEntry> latestBackup(String target) {
    return latestBackup(target, null);
  }

  /** As {@link #latestBackup(String)}, of one kind only (null: any kind). */
  public Optional<BackupEntry> latestBackup(String target, @Nullable String kind) {
    return jdbi.withExtension(BackupDao.class, dao -> dao.latestCompleted(target, kind));
  }

  /**
   * The completed backup of {@code target} with the newest recovery point at or before {@code
   * before}: what a point-in-time restore to {@code before} starts from.
   */
  public Optional<BackupEntry> latestBackupBefore(String target, Instant before) {
    return latestBackupBefore(target, null, before);
  }

  /** As {@link #latestBackupBefore(String, Instant)}, of one kind only (null: any kind). */
  public Optional<BackupEntry> latestBackupBefore(String target, @Nullable String kind, Instant before) {
    return jdbi.withExtension(BackupDao.class, dao -> dao.latestCompletedAtOrBefore(target, kind, before));
  }

  /** The completed, verified backup of {@code target} with the newest recovery point. */
  public Optional<BackupEntry> latestVerifiedBackup(String target) {
    return latestVerifiedBackup(target, null);
  }

  /** As {@link #latestVerifiedBackup(String)}, of one kind only (null: any kind). */
  public Optional<BackupEntry> latestVerifiedBackup(String target, @Nullable String kind) {
    return jdbi.withExtension(BackupDao.class, dao -> dao.latestVerified(target, kind));
  }

  /**
   * Records a run and queues its record for the bucket (unless the catalog kept a finished run finished).
   *
   * @return true when this write ended the run (it was RUNNING or unknown, and is now finished): a
   *     retried or repeated "ended" write returns false, so its outcome is counted once
   */
  public boolean recordRun(RunEntry run) {
    RunEntry kept = new RunEntry(run.runId(), run.type(), run.target(), run.backupId(), run.status(),
        BucketRecords.micros(run.startedAt()), BucketRecords.micros(run.endedAt()), run.achievedRpo(),
        run.achievedRto(), run.rpoObjective(), run.rtoObjective(), run.requestedBy(), run.reason(), run.error());
    return jdbi.inTransaction(handle -> {
      RunDao runs = handle.attach(RunDao.class);
      boolean wasRunning = runs.lockStatus(kept.runId()).map(RunEntry.Status.RUNNING.name()::equals).orElse(true);
      if (runs.upsert(kept) > 0) {
        handle.attach(BucketWriteDao.class).queue(BucketRecords.runKey(kept.runId()), BucketRecords.run(kept));
      }
      return wasRunning && kept.status() != RunEntry.Status.RUNNING;
    });
  }

  public Optional<RunEntry> findRun(String runId) {
    return jdbi.withExtension(RunDao.class, dao -> dao.find(runId));
  }

  /** Runs, most recently started first. */
  public List<RunEntry> listRuns(int limit) {
    return listRuns(null, null, null, limit);
  }

  /**
   * Runs of {@code target}, of {@code type} and in {@code status}, most recently started first;
   * each null for any. Filtered by the database, so {@code limit} counts matching runs.
   */
  public List<RunEntry> listRuns(
      @Nullable String target, @Nullable RunEntry.Type type, @Nullable RunEntry.Status status, int limit) {
    return jdbi.withExtension(RunDao.class, dao -> dao.list(
        target, type == null ? null : type.name(), status == null ? null : status.name(), limit));
  }

  /**
   * Appends to the audit trail, chained to the event before it, and queues the event's object for
   * the bucket, in one transaction; returns the entry with the id (its sequence) it was given.
   *
   * @throws org.jdbi.v3.core.ConnectionException or another JDBI exception when the catalog cannot
   *     take the write: nothing was recorded
   */
  public AuditEntry appendAudit(AuditEntry entry) {
    return jdbi.inTransaction(handle -> {
      AuditDao dao = handle.attach(AuditDao.class);
      dao.lockChain();
      long id = dao.nextId();
      AuditEntry appended = new AuditEntry(id, BucketRecords.micros(entry.at()), entry.principal(), entry.action(),
          entry.runId(), entry.runbook(), entry.step(), entry.reason(), entry.outcome(), entry.detail());
      String previous = dao.lastSha256().orElse(null);
      byte[] event = BucketRecords.audit(id, appended, previous);
      dao.insert(appended, previous, Sha256.of(event));
      handle.attach(BucketWriteDao.class).queue(BucketRecords.auditKey(id), event);
      return appended;
    });
  }

  /** The audit trail, newest first; of one run, or of all runs if {@code runId} is null. */
  public List<AuditEntry> listAudit(@Nullable String runId, int limit) {
    return jdbi.withExtension(AuditDao.class, dao -> runId == null ? dao.list(limit) : dao.list(runId, limit));
  }

  /**
   * Replaces the backup index with {@code manifests} (all of the bucket's), in one transaction:
   * readers see the old index or the new one, never a half-built one. Backups still present keep
   * their verification time; backups no longer in the bucket leave the index.
   */
  public void replaceBackupIndex(List<ManifestWithKey> manifests) {
    List<BackupEntry> backups =
        manifests.stream()
            .map(m -> BackupEntry.completed(m.manifest(), m.manifestKey(), m.manifestSha256()))
            .toList();
    List<String> objectsJson = backups.stream().map(b -> StoredObjectsJson.write(b.objects())).toList();
    jdbi.useTransaction(
        handle -> {
          BackupDao dao = handle.attach(BackupDao.class);
          if (!backups.isEmpty()) {
            dao.upsertAll(backups, objectsJson);
          }
          dao.deleteAllExcept(backups.stream().map(BackupEntry::backupId).toArray(String[]::new));
        });
  }

  /**
   * Completed backups of {@code target} and those being deleted, with their holds and locks,
   * newest first; its tenants' backups too, each naming its schema ({@link BackupEntry#schema()}).
   */
  public List<RetentionCandidate> retentionCandidates(String target) {
    return jdbi.withExtension(LifecycleDao.class, dao -> dao.candidates(target));
  }

  public Optional<RetentionCandidate> findRetentionCandidate(String backupId) {
    return jdbi.withExtension(LifecycleDao.class, dao -> dao.find(backupId));
  }

  /**
   * First step of deleting a backup: from now on it is never offered for restore. Refused (false)
   * for a backup under legal hold or Object Lock at {@code now}, or that is not COMPLETED.
   */
  public boolean markDeleting(String backupId, Instant now) {
    return jdbi.withExtension(LifecycleDao.class, dao -> dao.markDeleting(backupId, now)) > 0;
  }

  /** Last step of deleting a backup, once its objects are gone; the row stays as a record. */
  public boolean markDeleted(String backupId, Instant at) {
    return jdbi.withExtension(LifecycleDao.class, dao -> dao.markDeleted(backupId, at)) > 0;
  }

  /** Puts a backup under legal hold (retention never deletes it) or releases it; false if unknown. */
  public boolean setLegalHold(String backupId, boolean hold) {
    return jdbi.withExtension(LifecycleDao.class, dao -> dao.setLegalHold(backupId, hold)) > 0;
  }

  /** Records the Object Lock retention of a backup's objects (only ever extended). */
  public boolean recordLock(String backupId, Instant until) {
    return jdbi.withExtension(LifecycleDao.class, dao -> dao.recordLock(backupId, until)) > 0;
  }

  /**
   * Records that the primary bucket's objects of a backup failed their integrity check: reads of
   * it go to an intact off-site copy from now on.
   */
  public boolean markPrimaryDamaged(String backupId, String why) {
    return jdbi.withExtension(LifecycleDao.class, dao -> dao.markPrimaryDamaged(backupId, why)) > 0;
  }

  /** Why the primary's objects of a backup are not to be read; empty when they are trusted. */
  public Optional<String> primaryDamage(String backupId) {
    return jdbi.withExtension(LifecycleDao.class, dao -> dao.primaryDamage(backupId));
  }

  /** Records (or updates) where an off-site copy of a backup is and what its check found; queues the check's record. */
  public void recordCopy(CopyEntry copy) {
    CopyEntry kept = new CopyEntry(copy.backupId(), copy.location(), copy.bucket(), copy.manifestKey(), copy.status(),
        BucketRecords.micros(copy.copiedAt()), BucketRecords.micros(copy.checkedAt()), copy.error());
    jdbi.useTransaction(handle -> {
      handle.attach(CopyDao.class).upsert(kept);
      handle.attach(BucketWriteDao.class).queue(BucketRecords.copyKey(kept), BucketRecords.copy(kept));
    });
  }

  /**
   * Runs {@code write} holding the catalog's advisory lock for writing to the bucket, waiting for
   * it: of every process that flushes the outbox (workers, replicas), one writes at a time, so a
   * slow one cannot write a run's older record after a quicker one wrote its newer one. The lock
   * goes with the session, so a process that dies holding it releases it.
   */
  public <T> T asTheOnlyBucketWriter(Supplier<T> write) {
    return jdbi.withHandle(handle -> {
      handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_lock(:key)) AS locked")
          .bind("key", BUCKET_WRITER_LOCK).mapTo(Integer.class).one();
      try {
        return write.get();
      } finally {
        handle.createQuery("SELECT pg_advisory_unlock(:key)").bind("key", BUCKET_WRITER_LOCK).mapTo(Boolean.class)
            .one();
      }
    });
  }

  /** The oldest objects recorded for the bucket and not written there yet, oldest first. */
  public List<BucketWrite> pendingBucketWrites(int limit) {
    return jdbi.withExtension(BucketWriteDao.class, dao -> dao.oldest(limit));
  }

  /** How many objects wait for the bucket. */
  public long pendingBucketWriteCount() {
    return jdbi.withExtension(BucketWriteDao.class, BucketWriteDao::pending);
  }

  /** The object is in the bucket now. */
  public void bucketWritten(BucketWrite write) {
    jdbi.useExtension(BucketWriteDao.class, dao -> dao.written(write.id()));
  }

  /**
   * Puts back what the bucket keeps of the catalog's history ({@code catalog rebuild}), in one
   * transaction, merging with what the catalog holds: a run keeps its finished state, an audit
   * event its id (new events continue after the highest), a backup its latest verification, a copy
   * its newest check. Verifications and copies of backups the index does not hold are left out.
   * Nothing is queued for the bucket: it is where all of this came from.
   *
   * @return one line per audit event the catalog holds a different event under (left as the catalog has it)
   */
  public List<String> restoreHistory(BucketHistory history) {
    return jdbi.inTransaction(handle -> {
      RunDao runs = handle.attach(RunDao.class);
      history.runs().forEach(runs::upsert);
      List<String> conflicts = restoreAudit(handle.attach(AuditDao.class), history.audit());
      BackupDao backups = handle.attach(BackupDao.class);
      history.verifications().forEach((backupId, at) -> backups.markVerified(backupId, at));
      CopyDao copies = handle.attach(CopyDao.class);
      history.copies().stream().filter(c -> backups.find(c.backupId()).isPresent()).forEach(copies::restore);
      return conflicts;
    });
  }

  /** The highest audit sequence the catalog holds (0: none); the bucket's events after it are what it lacks. */
  public long highestAuditSequence() {
    return jdbi.withExtension(AuditDao.class, AuditDao::highestId);
  }

  /**
   * Takes in audit events the bucket holds and the catalog lacks (a catalog restored from an older
   * dump, or a new host before {@code catalog rebuild}), so that new events are numbered after the
   * bucket's highest and chain to the bucket's last: the bucket's trail is never written over.
   *
   * @return as {@link #restoreHistory}
   */
  public List<String> continueAuditAfter(List<BucketHistory.ChainedAudit> bucketEvents) {
    return jdbi.inTransaction(handle -> restoreAudit(handle.attach(AuditDao.class), bucketEvents));
  }

  private static List<String> restoreAudit(AuditDao audit, List<BucketHistory.ChainedAudit> events) {
    audit.lockChain();
    List<String> conflicts = new ArrayList<>();
    for (BucketHistory.ChainedAudit event : events) {
      long id = event.entry().id();
      if (audit.insert(event.entry(), event.previousSha256(), event.sha256()) == 0
          && !audit.sha256Of(id).orElse("").equals(event.sha256())) {
        conflicts.add("audit event " + id + ": the catalog holds a different event under this number than the"
            + " bucket's " + BucketRecords.auditKey(id) + "; the catalog's was kept and the bucket's left out");
      }
    }
    audit.resetSequence();
    return List.copyOf(conflicts);
  }

  /** The off-site copies of a backup, by location. */
  public List<CopyEntry> copiesOf(String backupId) {
    return jdbi.withExtension(CopyDao.class, dao -> dao.ofBackup(backupId));
  }

  /** Per off-site location, the newest backup of {@code target} with an intact copy there. */
  public List<NewestCopy> newestCopies(String target) {
    return jdbi.withExtension(CopyDao.class, dao -> dao.newestOfTarget(target));
  }

  /** As {@link #newestCopies(String)}, of every target at once (targets without a copy are absent). */
  public Map<String, List<NewestCopy>> newestCopiesByTarget() {
    Map<String, List<NewestCopy>> byTarget = new java.util.TreeMap<>();
    for (CopyDao.TargetCopy c : jdbi.withExtension(CopyDao.class, CopyDao::newestOfEveryTarget)) {
      byTarget.computeIfAbsent(c.target(), t -> new ArrayList<>()).add(c.copy());
    }
    return byTarget;
  }

  /** The off-site copies of a target's backups, newest copy first. */
  public List<CopyEntry> copiesOfTarget(String target) {
    return jdbi.withExtension(CopyDao.class, dao -> dao.ofTarget(target));
  }

  /** Records what the WAL copier last found for one target at one off-site location. */
  public void recordWalCopy(WalCopyEntry entry) {
    jdbi.useExtension(WalCopyDao.class, dao -> dao.upsert(entry));
  }

  /** Per off-site location, how far the copy of a cluster target's WAL archive is behind. */
  public List<WalCopyEntry> walCopies(String target) {
    return jdbi.withExtension(WalCopyDao.class, dao -> dao.ofTarget(target));
  }

  /** As {@link #walCopies(String)}, of every target at once (targets never checked are absent). */
  public Map<String, List<WalCopyEntry>> walCopiesByTarget() {
    Map<String, List<WalCopyEntry>> byTarget = new java.util.TreeMap<>();
    for (WalCopyEntry entry : jdbi.withExtension(WalCopyDao.class, WalCopyDao::all)) {
      byTarget.computeIfAbsent(entry.target(), t -> new ArrayList<>()).add(entry);
    }
    return byTarget;
  }

  /**
   * Indexes a drill whose report is in the bucket at {@link DrillEntry#reportKey}: an upsert, so
   * storing the same report again (a retried activity, {@code catalog rebuild}) changes nothing.
   */
  public void recordDrill(DrillEntry drill) {
    DrillEntry kept = new DrillEntry(drill.drillId(), drill.subject(), drill.ofTarget(), List.copyOf(drill.targets()),
        drill.startedBy(), BucketRecords.micros(drill.startedAt()), BucketRecords.micros(drill.endedAt()),
        drill.passed(), drill.verdict(), drill.achievedRtoMillis(), drill.achievedRpoMillis(),
        drill.rtoObjectiveMillis(), drill.rpoObjectiveMillis(), drill.reportKey());
    jdbi.useTransaction(handle -> {
      DrillDao dao = handle.attach(DrillDao.class);
      dao.upsert(kept);
      dao.forgetTargets(kept.drillId());
      for (int i = 0; i < kept.targets().size(); i++) {
        dao.addTarget(kept.drillId(), kept.targets().get(i), i);
      }
    });
  }

  public Optional<DrillEntry> drill(String drillId) {
    return jdbi.withExtension(DrillDao.class, dao -> dao.find(drillId));
  }

  /** Drills, most recently started first; of those that restored {@code target}, or all if null. */
  public List<DrillEntry> drills(@Nullable String target, int limit) {
    return jdbi.withExtension(DrillDao.class, dao -> target == null ? dao.list(limit) : dao.ofTarget(target, limit));
  }

  /** Per target, its most recently started drill, passed or not. */
  public Map<String, DrillEntry> lastDrills() {
    return lastDrills(false);
  }

  /** Per target, its most recently started drill that passed: what says whether a drill is overdue. */
  public Map<String, DrillEntry> lastPassingDrills() {
    return lastDrills(true);
  }

  private Map<String, DrillEntry> lastDrills(boolean passedOnly) {
    Map<String, DrillEntry> last = new java.util.TreeMap<>();
    jdbi.withExtension(DrillDao.class, dao -> dao.last(passedOnly)).forEach(l -> last.put(l.target(), l.drill()));
    return last;
  }

  /** Per target, its own completed backup with the newest recovery point (as {@link #latestBackup(String)}). */
  public Map<String, BackupEntry> latestBackups() {
    return byTarget(jdbi.withExtension(StateDao.class, StateDao::newestBackups));
  }

  /** Per target, its completed, verified backup with the newest recovery point. */
  public Map<String, BackupEntry> latestVerifiedBackups() {
    return byTarget(jdbi.withExtension(StateDao.class, StateDao::newestVerifiedBackups));
  }

  /** Stored bytes per target and location: the primary bucket and each off-site copy location. */
  public List<StoredBytes> storedBytes() {
    return jdbi.withExtension(StateDao.class, StateDao::storedBytes);
  }

  /**
   * Per target, what the primary bucket held just after each of its newest {@code points} backups
   * made since {@code since}, oldest first: the history a {@link StorageForecast} is fitted to.
   */
  public Map<String, List<StoredBytesAt>> storageHistory(Instant since, int points) {
    Map<String, List<StoredBytesAt>> history = new java.util.TreeMap<>();
    jdbi.withExtension(StateDao.class, dao -> dao.storageHistory(null, since, points))
        .forEach(s -> history.computeIfAbsent(s.target(), t -> new ArrayList<>()).add(s));
    return history;
  }

  /** As {@link #storageHistory(Instant, int)}, of one target. */
  public List<StoredBytesAt> storageHistory(String target, Instant since, int points) {
    return jdbi.withExtension(StateDao.class, dao -> dao.storageHistory(target, since, points));
  }

  /**
   * Per runbook, its newest completed recovery run: what a recovery last achieved. A runbook run
   * is recorded with the reason "runbook NAME", which is where its runbook's name is kept.
   */
  public Map<String, RunEntry> lastRecoveries() {
    Map<String, RunEntry> last = new java.util.TreeMap<>();
    for (RunEntry run : jdbi.withExtension(StateDao.class, dao -> dao.newestCompletedPerReason(RunEntry.Type.RUNBOOK.name()))) {
      if (run.reason().startsWith(RUNBOOK_REASON)) {
        last.put(run.reason().substring(RUNBOOK_REASON.length()), run);
      }
    }
    return last;
  }

  /** The reason a runbook run is recorded with, before the runbook's name. */
  private static final String RUNBOOK_REASON = "runbook ";

  /** Per drill subject (a target or a runbook), its newest drill; passing ones only when {@code passedOnly}. */
  public Map<String, DrillEntry> lastDrillsBySubject(boolean passedOnly) {
    Map<String, DrillEntry> last = new java.util.TreeMap<>();
    jdbi.withExtension(StateDao.class, dao -> dao.newestDrillPerSubject(passedOnly)).forEach(d -> last.put(d.subject(), d));
    return last;
  }

  /** Per target and schedule name, when its newest scheduled run started. */
  public List<ScheduledRunTime> lastScheduledRuns() {
    return jdbi.withExtension(StateDao.class, StateDao::lastScheduledRuns);
  }

  /** A followed condition (see {@link WatchCondition}) as last raised, if it is raised or has a resolve to deliver. */
  public Optional<WatchCondition> watchCondition(String condition) {
    return jdbi.withExtension(NotificationDao.class, dao -> dao.condition(condition));
  }

  /** Records what a condition calls for now (a new level, a recovery), before it is delivered. */
  public void putWatchCondition(WatchCondition condition) {
    jdbi.useExtension(NotificationDao.class, dao -> dao.putCondition(condition));
  }

  /**
   * Records delivered what {@code condition} called for: a raised level is kept (notified), a
   * recovered condition is forgotten. A row changed meanwhile (other keys) is left as it is.
   */
  public void watchConditionNotified(WatchCondition condition) {
    jdbi.useExtension(NotificationDao.class, dao -> {
      if (condition.severity() == null) {
        dao.deleteRecovered(condition.condition(), condition.resolveKey());
      } else {
        dao.markNotified(condition.condition(), condition.dedupKey());
      }
    });
  }

  /** One more failed delivery of the event {@code dedupKey} to {@code channel}; {@code error} names no secret. */
  public void notificationFailed(String channel, String dedupKey, String event, String severity,
      @Nullable String target, Instant at, String error) {
    jdbi.useExtension(NotificationDao.class, dao -> dao.failed(channel, dedupKey, event, severity, target, at, error));
  }

  /** {@code channel} took the event {@code dedupKey}: its earlier failures no longer matter. */
  public void notificationDelivered(String channel, String dedupKey) {
    jdbi.useExtension(NotificationDao.class, dao -> dao.delivered(channel, dedupKey));
  }

  /** Deliveries that failed at or after {@code since} and have not succeeded since, latest failure first. */
  public List<NotificationFailure> notificationFailures(Instant since, int limit) {
    return jdbi.withExtension(NotificationDao.class, dao -> dao.failures(since, limit));
  }

  private static Map<String, BackupEntry> byTarget(List<BackupEntry> backups) {
    Map<String, BackupEntry> byTarget = new java.util.TreeMap<>();
    backups.forEach(b -> byTarget.put(b.target(), b));
    return byTarget;
  }
}
