package io.lifeboat.catalog;

import static io.lifeboat.catalog.JavaTimeColumns.instant;
import static io.lifeboat.catalog.JavaTimeColumns.millis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code targets} table. */
@RegisterRowMapper(TargetDao.Mapper.class)
interface TargetDao {
  /** updated_at moves only when something changed, so it says when objectives last changed. */
  @SqlUpdate(
      """
      INSERT INTO targets (name, kind, rpo_ms, rto_ms, updated_at)
      VALUES (:name, :kind, :rpoMs, :rtoMs, now())
      ON CONFLICT (name) DO UPDATE SET
          kind = excluded.kind, rpo_ms = excluded.rpo_ms, rto_ms = excluded.rto_ms,
          updated_at = excluded.updated_at
      WHERE (targets.kind, targets.rpo_ms, targets.rto_ms)
            IS DISTINCT FROM (excluded.kind, excluded.rpo_ms, excluded.rto_ms)
      """)
  void upsert(
      @Bind("name") String name,
      @Bind("kind") String kind,
      @Bind("rpoMs") long rpoMs,
      @Bind("rtoMs") long rtoMs);

  @SqlUpdate("DELETE FROM targets WHERE name <> ALL(:names)")
  int deleteAllExcept(@Bind("names") String[] names);

  @SqlQuery("SELECT * FROM targets ORDER BY name")
  List<TargetEntry> list();

  final class Mapper implements RowMapper<TargetEntry> {
    @Override
    public TargetEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new TargetEntry(
          rs.getString("name"),
          rs.getString("kind"),
          millis(rs, "rpo_ms"),
          millis(rs, "rto_ms"),
          instant(rs, "updated_at"));
    }
  }
}
