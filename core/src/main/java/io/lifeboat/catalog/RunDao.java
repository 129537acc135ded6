package io.lifeboat.catalog;

import static io.lifeboat.catalog.JavaTimeColumns.instant;
import static io.lifeboat.catalog.JavaTimeColumns.millis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code runs} table. */
@RegisterRowMapper(RunDao.Mapper.class)
interface RunDao {
  /**
   * Records a run. The WHERE keeps a finished run finished: a late duplicate of the "started"
   * record (an activity retried after a lost reply) must not turn it back to RUNNING.
   */
  @SqlUpdate(
      """
      INSERT INTO runs (run_id, type, target, backup_id, status, started_at, ended_at,
                        achieved_rpo_ms, achieved_rto_ms, rpo_objective_ms, rto_objective_ms,
                        requested_by, reason, error)
      VALUES (:runId, :type, :target, :backupId, :status, :startedAt, :endedAt,
              :achievedRpoMs, :achievedRtoMs, :rpoObjectiveMs, :rtoObjectiveMs,
              :requestedBy, :reason, :error)
      ON CONFLICT (run_id) DO UPDATE SET
          type = excluded.type, target = excluded.target, backup_id = excluded.backup_id,
          status = excluded.status, started_at = excluded.started_at, ended_at = excluded.ended_at,
          achieved_rpo_ms = excluded.achieved_rpo_ms, achieved_rto_ms = excluded.achieved_rto_ms,
          rpo_objective_ms = excluded.rpo_objective_ms, rto_objective_ms = excluded.rto_objective_ms,
          requested_by = excluded.requested_by, reason = excluded.reason, error = excluded.error
      WHERE runs.status = 'RUNNING' OR excluded.status <> 'RUNNING'
      """)
  int upsert(
      @BindMethods RunEntry run,
      @Bind("achievedRpoMs") Long achievedRpoMs,
      @Bind("achievedRtoMs") Long achievedRtoMs,
      @Bind("rpoObjectiveMs") Long rpoObjectiveMs,
      @Bind("rtoObjectiveMs") Long rtoObjectiveMs);

  /** @return 0 when the catalog kept a finished run finished */
  default int upsert(RunEntry run) {
    return upsert(
        run,
        millis(run.achievedRpo()),
        millis(run.achievedRto()),
        millis(run.rpoObjective()),
        millis(run.rtoObjective()));
  }

  /** The run's status, its row locked until the transaction ends; empty when the catalog has no such run. */
  @SqlQuery("SELECT status FROM runs WHERE run_id = :runId FOR UPDATE")
  Optional<String> lockStatus(@Bind("runId") String runId);

  @SqlQuery("SELECT * FROM runs WHERE run_id = :runId")
  Optional<RunEntry> find(@Bind("runId") String runId);

  /** Each of {@code target}, {@code type} and {@code status} null for any. */
  @SqlQuery(
      """
      SELECT * FROM runs
      WHERE (CAST(:target AS text) IS NULL OR target = :target)
        AND (CAST(:type AS text) IS NULL OR type = :type)
        AND (CAST(:status AS text) IS NULL OR status = :status)
      ORDER BY started_at DESC, run_id DESC
      LIMIT :limit
      """)
  List<RunEntry> list(
      @Bind("target") String target,
      @Bind("type") String type,
      @Bind("status") String status,
      @Bind("limit") int limit);

  final class Mapper implements RowMapper<RunEntry> {
    @Override
    public RunEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new RunEntry(
          rs.getString("run_id"),
          RunEntry.Type.valueOf(rs.getString("type")),
          rs.getString("target"),
          rs.getString("backup_id"),
          RunEntry.Status.valueOf(rs.getString("status")),
          instant(rs, "started_at"),
          instant(rs, "ended_at"),
          millis(rs, "achieved_rpo_ms"),
          millis(rs, "achieved_rto_ms"),
          millis(rs, "rpo_objective_ms"),
          millis(rs, "rto_objective_ms"),
          rs.getString("requested_by"),
          rs.getString("reason"),
          rs.getString("error"));
    }
  }
}
