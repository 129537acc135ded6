package io.lifeboat.catalog;

import static io.lifeboat.catalog.JavaTimeColumns.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code audit} table: appended to, never changed. */
@RegisterRowMapper(AuditDao.Mapper.class)
interface AuditDao {
  @SqlUpdate(
      """
      INSERT INTO audit (at, principal, action, run_id, runbook, step, reason, outcome, detail)
      VALUES (:at, :principal, :action, :runId, :runbook, :step, :reason, :outcome, :detail)
      """)
  @GetGeneratedKeys("id")
  long append(@BindMethods AuditEntry entry);

  @SqlQuery("SELECT * FROM audit ORDER BY id DESC LIMIT :limit")
  List<AuditEntry> list(@Bind("limit") int limit);

  @SqlQuery("SELECT * FROM audit WHERE run_id = :runId ORDER BY id DESC LIMIT :limit")
  List<AuditEntry> list(@Bind("runId") String runId, @Bind("limit") int limit);

  final class Mapper implements RowMapper<AuditEntry> {
    @Override
    public AuditEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new AuditEntry(
          rs.getLong("id"),
          instant(rs, "at"),
          rs.getString("principal"),
          rs.getString("action"),
          rs.getString("run_id"),
          rs.getString("runbook"),
          rs.getString("step"),
          rs.getString("reason"),
          rs.getString("outcome"),
          rs.getString("detail"));
    }
  }
}
