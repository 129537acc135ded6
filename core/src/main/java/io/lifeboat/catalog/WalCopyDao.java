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
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code wal_copies} table. */
@RegisterRowMapper(WalCopyDao.Mapper.class)
interface WalCopyDao {
  @SqlUpdate(
      """
      INSERT INTO wal_copies (target, location, pending, oldest_pending_at, newest_copied, checked_at, error)
      VALUES (:target, :location, :pending, :oldestPendingAt, :newestCopied, :checkedAt, :error)
      ON CONFLICT (target, location) DO UPDATE SET
          pending = CASE WHEN excluded.pending < 0 THEN wal_copies.pending ELSE excluded.pending END,
          oldest_pending_at = CASE WHEN excluded.pending < 0 THEN wal_copies.oldest_pending_at
              ELSE excluded.oldest_pending_at END,
          newest_copied = COALESCE(excluded.newest_copied, wal_copies.newest_copied),
          checked_at = excluded.checked_at, error = excluded.error
      """)
  void upsert(@BindMethods WalCopyEntry entry);

  @SqlQuery("SELECT * FROM wal_copies WHERE target = :target ORDER BY location")
  List<WalCopyEntry> ofTarget(@Bind("target") String target);

  @SqlQuery("SELECT * FROM wal_copies ORDER BY target, location")
  List<WalCopyEntry> all();

  final class Mapper implements RowMapper<WalCopyEntry> {
    @Override
    public WalCopyEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new WalCopyEntry(rs.getString("target"), rs.getString("location"), rs.getInt("pending"),
          instant(rs, "oldest_pending_at"), rs.getString("newest_copied"), instant(rs, "checked_at"),
          rs.getString("error"));
    }
  }
}
