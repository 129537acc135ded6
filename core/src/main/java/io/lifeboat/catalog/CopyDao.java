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
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/** The {@code backup_copies} table. */
@RegisterRowMapper(CopyDao.Mapper.class)
interface CopyDao {
  @SqlUpdate(
      """
      INSERT INTO backup_copies (backup_id, location, bucket, manifest_key, status, copied_at, checked_at, error)
      VALUES (:backupId, :location, :bucket, :manifestKey, :status, :copiedAt, :checkedAt, :error)
      ON CONFLICT (backup_id, location) DO UPDATE SET
          bucket = excluded.bucket, manifest_key = excluded.manifest_key, status = excluded.status,
          copied_at = excluded.copied_at, checked_at = excluded.checked_at, error = excluded.error
      """)
  void upsert(@BindMethods CopyEntry copy);

  /** {@code catalog rebuild}: a copy's newest check wins, whatever order the records come in. */
  @SqlUpdate(
      """
      INSERT INTO backup_copies (backup_id, location, bucket, manifest_key, status, copied_at, checked_at, error)
      VALUES (:backupId, :location, :bucket, :manifestKey, :status, :copiedAt, :checkedAt, :error)
      ON CONFLICT (backup_id, location) DO UPDATE SET
          bucket = excluded.bucket, manifest_key = excluded.manifest_key, status = excluded.status,
          copied_at = excluded.copied_at, checked_at = excluded.checked_at, error = excluded.error
      WHERE backup_copies.checked_at <= excluded.checked_at
      """)
  void restore(@BindMethods CopyEntry copy);

  @SqlQuery("SELECT * FROM backup_copies WHERE backup_id = :backupId ORDER BY location")
  List<CopyEntry> ofBackup(@Bind("backupId") String backupId);

  @SqlQuery("SELECT c.* FROM backup_copies c JOIN backups b USING (backup_id)"
      + " WHERE b.target = :target ORDER BY c.copied_at DESC")
  List<CopyEntry> ofTarget(@Bind("target") String target);

  @SqlQuery(
      """
      SELECT DISTINCT ON (c.location) c.location, c.backup_id, b.recovery_point, c.copied_at
      FROM backup_copies c JOIN backups b USING (backup_id)
      WHERE b.target = :target AND b.status = 'COMPLETED' AND c.status = 'COPIED'
      ORDER BY c.location, b.recovery_point DESC
      """)
  @UseRowMapper(NewestCopyMapper.class)
  List<NewestCopy> newestOfTarget(@Bind("target") String target);

  /** As {@link #newestOfTarget}, of every target at once: one query for the gauges and the targets endpoint. */
  @SqlQuery(
      """
      SELECT DISTINCT ON (b.target, c.location) b.target, c.location, c.backup_id, b.recovery_point, c.copied_at
      FROM backup_copies c JOIN backups b USING (backup_id)
      WHERE b.status = 'COMPLETED' AND c.status = 'COPIED'
      ORDER BY b.target, c.location, b.recovery_point DESC
      """)
  @UseRowMapper(TargetCopyMapper.class)
  List<TargetCopy> newestOfEveryTarget();

  /** A target's newest intact copy at one location. */
  record TargetCopy(String target, NewestCopy copy) {}

  final class NewestCopyMapper implements RowMapper<NewestCopy> {
    @Override
    public NewestCopy map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new NewestCopy(rs.getString("location"), rs.getString("backup_id"), instant(rs, "recovery_point"),
          instant(rs, "copied_at"));
    }
  }

  final class TargetCopyMapper implements RowMapper<TargetCopy> {
    @Override
    public TargetCopy map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new TargetCopy(rs.getString("target"), new NewestCopyMapper().map(rs, ctx));
    }
  }

  final class Mapper implements RowMapper<CopyEntry> {
    @Override
    public CopyEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new CopyEntry(rs.getString("backup_id"), rs.getString("location"), rs.getString("bucket"),
          rs.getString("manifest_key"), CopyEntry.Status.valueOf(rs.getString("status")),
          instant(rs, "copied_at"), instant(rs, "checked_at"), rs.getString("error"));
    }
  }
}
