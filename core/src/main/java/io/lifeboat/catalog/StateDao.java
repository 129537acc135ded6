package io.lifeboat.catalog;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/**
 * The per-target aggregates the metrics read before each scrape: one query each over all targets,
 * rather than one per target, so a scrape stays fast with many targets.
 */
interface StateDao {
  /** Per target, its own (not a tenant's) completed backup with the newest recovery point. */
  @SqlQuery(
      """
      SELECT DISTINCT ON (target) * FROM backups
      WHERE status = 'COMPLETED' AND schema_name IS NULL
      ORDER BY target, recovery_point DESC, backup_id DESC
      """)
  @UseRowMapper(BackupDao.Mapper.class)
  List<BackupEntry> newestBackups();

  /** As {@link #newestBackups()}, among verified backups only. */
  @SqlQuery(
      """
      SELECT DISTINCT ON (target) * FROM backups
      WHERE status = 'COMPLETED' AND schema_name IS NULL AND verified_at IS NOT NULL
      ORDER BY target, recovery_point DESC, backup_id DESC
      """)
  @UseRowMapper(BackupDao.Mapper.class)
  List<BackupEntry> newestVerifiedBackups();

  /**
   * Bytes held per target in the primary bucket (every backup whose objects are there: completed,
   * tenants' included, and those retention is deleting) and at each off-site location (intact copies).
   */
  @SqlQuery("SELECT target, '" + StoredBytes.PRIMARY + "' AS location, sum(stored_bytes) AS bytes FROM backups"
      + " WHERE status IN ('COMPLETED', 'DELETING') GROUP BY target"
      + " UNION ALL"
      + " SELECT b.target, c.location, sum(b.stored_bytes) AS bytes FROM backup_copies c JOIN backups b USING (backup_id)"
      + " WHERE c.status = 'COPIED' AND b.status IN ('COMPLETED', 'DELETING') GROUP BY b.target, c.location")
  @UseRowMapper(StoredBytes.Mapper.class)
  List<StoredBytes> storedBytes();

  /**
   * Per target ({@code target} null: every target), what the primary bucket held just after each
   * of its newest {@code points} backups made since {@code since}: a running sum of each backup's
   * stored bytes, added when it was made and taken away when retention deleted it (a deleted
   * backup's row keeps its deletion time). Backups deleted before {@code since} add and take away
   * before every sample, so they are left out; a deletion at the instant of a backup counts before it.
   */
  @SqlQuery(
      """
      WITH held AS (
        SELECT target, created_at, deleted_at, stored_bytes FROM backups
        WHERE (status IN ('COMPLETED', 'DELETING') OR (status = 'DELETED' AND deleted_at >= :since))
          AND (CAST(:target AS text) IS NULL OR target = :target)
      ), changes AS (
        SELECT target, created_at AS at, stored_bytes AS delta, 1 AS made FROM held
        UNION ALL
        SELECT target, deleted_at, -stored_bytes, 0 FROM held WHERE deleted_at IS NOT NULL
      ), running AS (
        SELECT target, at, made, sum(delta) OVER (PARTITION BY target ORDER BY at, made) AS bytes FROM changes
      ), samples AS (
        SELECT DISTINCT target, at, bytes FROM running WHERE made = 1 AND at >= :since
      ), newest AS (
        SELECT target, at, bytes, row_number() OVER (PARTITION BY target ORDER BY at DESC) AS n FROM samples
      )
      SELECT target, at, bytes FROM newest WHERE n <= :points ORDER BY target, at
      """)
  @UseRowMapper(StoredBytesAt.Mapper.class)
  List<StoredBytesAt> storageHistory(@Bind("target") String target, @Bind("since") Instant since,
      @Bind("points") int points);

  /** Per reason (a runbook run's reason names its runbook), the newest completed run of {@code type}. */
  @SqlQuery(
      """
      SELECT DISTINCT ON (reason) * FROM runs
      WHERE type = :type AND status = 'COMPLETED' AND reason IS NOT NULL
      ORDER BY reason, started_at DESC, run_id DESC
      """)
  @UseRowMapper(RunDao.Mapper.class)
  List<RunEntry> newestCompletedPerReason(@Bind("type") String type);

  /** Per drill subject (a target or a runbook), its newest drill; passing ones only when {@code passedOnly}. */
  @SqlQuery(
      """
      SELECT DISTINCT ON (d.subject) d.*,
             ARRAY(SELECT t.target FROM drill_targets t WHERE t.drill_id = d.drill_id ORDER BY t.position) AS targets
      FROM drills d
      WHERE d.passed OR NOT :passedOnly
      ORDER BY d.subject, d.started_at DESC, d.drill_id DESC
      """)
  @UseRowMapper(DrillDao.Mapper.class)
  List<DrillEntry> newestDrillPerSubject(@Bind("passedOnly") boolean passedOnly);

  /** Per target and schedule, when its newest run started (runs a schedule starts are requested by "schedule:..."). */
  @SqlQuery(
      """
      SELECT target, substring(requested_by FROM 10) AS schedule, max(started_at) AS started_at FROM runs
      WHERE target IS NOT NULL AND requested_by LIKE 'schedule:%'
      GROUP BY target, requested_by
      """)
  @UseRowMapper(ScheduledRunTime.Mapper.class)
  List<ScheduledRunTime> lastScheduledRuns();
}
