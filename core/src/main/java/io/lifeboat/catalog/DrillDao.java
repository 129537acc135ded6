package io.lifeboat.catalog;

import static io.lifeboat.catalog.JavaTimeColumns.instant;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/** The {@code drills} and {@code drill_targets} tables. */
@RegisterRowMapper(DrillDao.Mapper.class)
interface DrillDao {
  /** Every query reads a drill with its targets, in the order the drill restored them. */
  String SELECT = """
      SELECT d.*, ARRAY(SELECT t.target FROM drill_targets t WHERE t.drill_id = d.drill_id
                        ORDER BY t.position) AS targets
      FROM drills d
      """;

  @SqlUpdate(
      """
      INSERT INTO drills (drill_id, subject, of_target, started_by, started_at, ended_at, passed, verdict,
                          achieved_rto_ms, achieved_rpo_ms, rto_objective_ms, rpo_objective_ms, report_key)
      VALUES (:drillId, :subject, :ofTarget, :startedBy, :startedAt, :endedAt, :passed, :verdict,
              :achievedRtoMillis, :achievedRpoMillis, :rtoObjectiveMillis, :rpoObjectiveMillis, :reportKey)
      ON CONFLICT (drill_id) DO UPDATE SET
          subject = excluded.subject, of_target = excluded.of_target, started_by = excluded.started_by,
          started_at = excluded.started_at, ended_at = excluded.ended_at, passed = excluded.passed,
          verdict = excluded.verdict, achieved_rto_ms = excluded.achieved_rto_ms,
          achieved_rpo_ms = excluded.achieved_rpo_ms, rto_objective_ms = excluded.rto_objective_ms,
          rpo_objective_ms = excluded.rpo_objective_ms, report_key = excluded.report_key
      """)
  void upsert(@BindMethods DrillEntry drill);

  @SqlUpdate("DELETE FROM drill_targets WHERE drill_id = :drillId")
  void forgetTargets(@Bind("drillId") String drillId);

  @SqlUpdate("INSERT INTO drill_targets (drill_id, target, position) VALUES (:drillId, :target, :position)"
      + " ON CONFLICT DO NOTHING")
  void addTarget(@Bind("drillId") String drillId, @Bind("target") String target, @Bind("position") int position);

  @SqlQuery(SELECT + " WHERE d.drill_id = :drillId")
  Optional<DrillEntry> find(@Bind("drillId") String drillId);

  @SqlQuery(SELECT + " ORDER BY d.started_at DESC, d.drill_id DESC LIMIT :limit")
  List<DrillEntry> list(@Bind("limit") int limit);

  @SqlQuery(SELECT + " WHERE EXISTS (SELECT 1 FROM drill_targets t WHERE t.drill_id = d.drill_id AND t.target = :target)"
      + " ORDER BY d.started_at DESC, d.drill_id DESC LIMIT :limit")
  List<DrillEntry> ofTarget(@Bind("target") String target, @Bind("limit") int limit);

  /** Per target, its newest drill (only passing ones when {@code passedOnly}); the rows say which target each is. */
  @SqlQuery(
      """
      SELECT DISTINCT ON (last.target) last.target AS last_of, d.*,
             ARRAY(SELECT t.target FROM drill_targets t WHERE t.drill_id = d.drill_id ORDER BY t.position) AS targets
      FROM drill_targets last JOIN drills d USING (drill_id)
      WHERE d.passed OR NOT :passedOnly
      ORDER BY last.target, d.started_at DESC, d.drill_id DESC
      """)
  @UseRowMapper(LastDrillMapper.class)
  List<LastDrill> last(@Bind("passedOnly") boolean passedOnly);

  /** A target's newest drill. */
  record LastDrill(String target, DrillEntry drill) {}

  final class Mapper implements RowMapper<DrillEntry> {
    @Override
    public DrillEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
      Array targets = rs.getArray("targets");
      return new DrillEntry(rs.getString("drill_id"), rs.getString("subject"), rs.getBoolean("of_target"),
          List.copyOf(Arrays.asList((String[]) targets.getArray())), rs.getString("started_by"),
          instant(rs, "started_at"), instant(rs, "ended_at"), rs.getBoolean("passed"), rs.getString("verdict"),
          longOrNull(rs, "achieved_rto_ms"), longOrNull(rs, "achieved_rpo_ms"), longOrNull(rs, "rto_objective_ms"),
          longOrNull(rs, "rpo_objective_ms"), rs.getString("report_key"));
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
      long value = rs.getLong(column);
      return rs.wasNull() ? null : value;
    }
  }

  final class LastDrillMapper implements RowMapper<LastDrill> {
    @Override
    public LastDrill map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new LastDrill(rs.getString("last_of"), new Mapper().map(rs, ctx));
    }
  }
}
