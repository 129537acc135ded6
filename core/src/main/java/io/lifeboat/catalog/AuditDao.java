package io.lifeboat.catalog;

import static io.lifeboat.catalog.JavaTimeColumns.instant;

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

/** The {@code audit} table: appended to, never changed. */
@RegisterRowMapper(AuditDao.Mapper.class)
interface AuditDao {
  /** Serialises appends (until the transaction ends): each event chains to the one before it. */
  @SqlUpdate("LOCK TABLE audit IN SHARE ROW EXCLUSIVE MODE")
  void lockChain();

  @SqlQuery("SELECT nextval('audit_id_seq')")
  long nextId();

  /** The hash of the newest event that has one: what the next event chains to. */
  @SqlQuery("SELECT sha256 FROM audit WHERE sha256 IS NOT NULL ORDER BY id DESC LIMIT 1")
  Optional<String> lastSha256();

  /** Also how {@code catalog rebuild} puts an event back, under its own id: a second time does nothing. */
  @SqlUpdate(
      """
      INSERT INTO audit (id, at, principal, action, run_id, runbook, step, reason, outcome, detail,
                         previous_sha256, sha256)
      VALUES (:id, :at, :principal, :action, :runId, :runbook, :step, :reason, :outcome, :detail,
              :previousSha256, :sha256)
      ON CONFLICT (id) DO NOTHING
      """)
  int insert(@BindMethods AuditEntry entry, @Bind("previousSha256") String previousSha256,
      @Bind("sha256") String sha256);

  /** The highest sequence the catalog holds; 0 when it holds none. */
  @SqlQuery("SELECT coalesce(max(id), 0) FROM audit")
  long highestId();

  /** The hash of the event the catalog holds under {@code id} ("" for one from before the chain). */
  @SqlQuery("SELECT coalesce(sha256, '') FROM audit WHERE id = :id")
  Optional<String> sha256Of(@Bind("id") long id);

  /** After a rebuild put events back under their ids: new ones continue after them. */
  @SqlQuery("SELECT setval('audit_id_seq', GREATEST((SELECT max(id) FROM audit), 1))")
  long resetSequence();

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
