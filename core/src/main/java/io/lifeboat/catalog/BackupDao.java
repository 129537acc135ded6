package io.lifeboat.catalog;

import static io.lifeboat.catalog.JavaTimeColumns.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code backups} table. */
@RegisterRowMapper(BackupDao.Mapper.class)
interface BackupDao {
  // Everything comes from the manifest except verified_at, which only verification knows and
  // which therefore survives a re-upsert of the same backup.
  String UPSERT =
      """
      INSERT INTO backups (backup_id, target, kind, status, database, created_at, recovery_point,
                           recovery_lsn, raw_bytes, stored_bytes, manifest_key, manifest_sha256,
                           objects, parent_backup_id, workflow_id, run_id, schema_name)
      VALUES (:backupId, :target, :kind, :status, :database, :createdAt, :recoveryPoint,
              :recoveryLsn, :rawBytes, :storedBytes, :manifestKey, :manifestSha256,
              CAST(:objectsJson AS jsonb), :parentBackupId, :workflowId, :runId, :schema)
      ON CONFLICT (backup_id) DO UPDATE SET
          target = excluded.target, kind = excluded.kind, status = excluded.status,
          database = excluded.database, created_at = excluded.created_at,
          recovery_point = excluded.recovery_point, recovery_lsn = excluded.recovery_lsn,
          raw_bytes = excluded.raw_bytes, stored_bytes = excluded.stored_bytes,
          manifest_key = excluded.manifest_key, manifest_sha256 = excluded.manifest_sha256,
          objects = excluded.objects, parent_backup_id = excluded.parent_backup_id,
          workflow_id = excluded.workflow_id, run_id = excluded.run_id, schema_name = excluded.schema_name
      """;

  String NEWEST_FIRST = " ORDER BY recovery_point DESC, backup_id DESC";

  @SqlUpdate(UPSERT)
  void upsert(@BindMethods BackupEntry backup, @Bind("objectsJson") String objectsJson);

  @SqlBatch(UPSERT)
  void upsertAll(@BindMethods List<BackupEntry> backups, @Bind("objectsJson") List<String> objectsJson);

  @SqlUpdate("DELETE FROM backups WHERE backup_id <> ALL(:backupIds)")
  int deleteAllExcept(@Bind("backupIds") String[] backupIds);

  /** Keeps the later time when verifications race or are replayed. */
  @SqlUpdate("UPDATE backups SET verified_at = GREATEST(verified_at, :at) WHERE backup_id = :backupId")
  int markVerified(@Bind("backupId") String backupId, @Bind("at") Instant at);

  /** A null kind matches every kind. */
  String OF_KIND = " AND (CAST(:kind AS text) IS NULL OR kind = :kind)";

  /** A target's own backups, not its tenants': one tenant's backup neither is the target's latest nor restores it. */
  String WHOLE = " AND schema_name IS NULL";

  @SqlQuery("SELECT * FROM backups WHERE backup_id = :backupId")
  Optional<BackupEntry> find(@Bind("backupId") String backupId);

  @SqlQuery("SELECT * FROM backups" + NEWEST_FIRST + " LIMIT :limit")
  List<BackupEntry> list(@Bind("limit") int limit);

  @SqlQuery("SELECT * FROM backups WHERE target = :target" + NEWEST_FIRST + " LIMIT :limit")
  List<BackupEntry> list(@Bind("target") String target, @Bind("limit") int limit);

  @SqlQuery(
      "SELECT * FROM backups WHERE target = :target AND status = 'COMPLETED'" + WHOLE + OF_KIND + NEWEST_FIRST
          + " LIMIT 1")
  Optional<BackupEntry> latestCompleted(@Bind("target") String target, @Bind("kind") String kind);

  @SqlQuery(
      "SELECT * FROM backups WHERE target = :target AND status = 'COMPLETED'"
          + " AND recovery_point <= :before"
          + WHOLE
          + OF_KIND
          + NEWEST_FIRST
          + " LIMIT 1")
  Optional<BackupEntry> latestCompletedAtOrBefore(
      @Bind("target") String target, @Bind("kind") String kind, @Bind("before") Instant before);

  @SqlQuery(
      "SELECT * FROM backups WHERE target = :target AND status = 'COMPLETED'"
          + " AND verified_at IS NOT NULL"
          + WHOLE
          + OF_KIND
          + NEWEST_FIRST
          + " LIMIT 1")
  Optional<BackupEntry> latestVerified(@Bind("target") String target, @Bind("kind") String kind);

  /** Tenant backups: those of one schema only. */
  String OF_SCHEMA = " AND schema_name = :schema";

  @SqlQuery("SELECT * FROM backups WHERE target = :target" + OF_SCHEMA + NEWEST_FIRST + " LIMIT :limit")
  List<BackupEntry> listOfSchema(
      @Bind("target") String target, @Bind("schema") String schema, @Bind("limit") int limit);

  @SqlQuery(
      "SELECT * FROM backups WHERE target = :target AND status = 'COMPLETED'"
          + OF_KIND
          + OF_SCHEMA
          + NEWEST_FIRST
          + " LIMIT 1")
  Optional<BackupEntry> latestCompletedOfSchema(
      @Bind("target") String target, @Bind("kind") String kind, @Bind("schema") String schema);

  @SqlQuery(
      "SELECT * FROM backups WHERE target = :target AND status = 'COMPLETED'"
          + " AND recovery_point <= :before"
          + OF_KIND
          + OF_SCHEMA
          + NEWEST_FIRST
          + " LIMIT 1")
  Optional<BackupEntry> latestCompletedOfSchemaAtOrBefore(
      @Bind("target") String target,
      @Bind("kind") String kind,
      @Bind("schema") String schema,
      @Bind("before") Instant before);

  final class Mapper implements RowMapper<BackupEntry> {
    @Override
    public BackupEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new BackupEntry(
          rs.getString("backup_id"),
          rs.getString("target"),
          rs.getString("kind"),
          BackupEntry.Status.valueOf(rs.getString("status")),
          rs.getString("database"),
          instant(rs, "created_at"),
          instant(rs, "recovery_point"),
          rs.getString("recovery_lsn"),
          rs.getLong("raw_bytes"),
          rs.getLong("stored_bytes"),
          rs.getString("manifest_key"),
          rs.getString("manifest_sha256"),
          StoredObjectsJson.read(rs.getString("objects")),
          rs.getString("parent_backup_id"),
          rs.getString("workflow_id"),
          rs.getString("run_id"),
          instant(rs, "verified_at"),
          rs.getString("schema_name"));
    }
  }
}
