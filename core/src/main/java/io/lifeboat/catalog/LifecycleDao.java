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
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Retention's view of the {@code backups} table: holds, locks, and deletion in two steps. */
@RegisterRowMapper(LifecycleDao.Mapper.class)
interface LifecycleDao {
  /** Tenant backups included: retention weighs each schema's apart, by their {@code schema_name}. */
  @SqlQuery("SELECT * FROM backups WHERE target = :target AND status IN ('COMPLETED', 'DELETING')"
      + " ORDER BY recovery_point DESC, backup_id DESC")
  List<RetentionCandidate> candidates(@Bind("target") String target);

  @SqlQuery("SELECT * FROM backups WHERE backup_id = :backupId")
  Optional<RetentionCandidate> find(@Bind("backupId") String backupId);

  /** A held or locked backup never leaves COMPLETED, whoever asks. */
  @SqlUpdate("UPDATE backups SET status = 'DELETING' WHERE backup_id = :backupId AND status = 'COMPLETED'"
      + " AND NOT legal_hold AND (locked_until IS NULL OR locked_until <= :now)")
  int markDeleting(@Bind("backupId") String backupId, @Bind("now") Instant now);

  @SqlUpdate("UPDATE backups SET status = 'DELETED', deleted_at = :at WHERE backup_id = :backupId"
      + " AND status = 'DELETING'")
  int markDeleted(@Bind("backupId") String backupId, @Bind("at") Instant at);

  @SqlUpdate("UPDATE backups SET legal_hold = :hold WHERE backup_id = :backupId")
  int setLegalHold(@Bind("backupId") String backupId, @Bind("hold") boolean hold);

  /** A lock is only ever extended, as S3 itself allows in compliance mode. */
  @SqlUpdate("UPDATE backups SET locked_until = GREATEST(locked_until, :until) WHERE backup_id = :backupId")
  int recordLock(@Bind("backupId") String backupId, @Bind("until") Instant until);

  @SqlUpdate("UPDATE backups SET primary_damage = :why WHERE backup_id = :backupId")
  int markPrimaryDamaged(@Bind("backupId") String backupId, @Bind("why") String why);

  @SqlQuery("SELECT primary_damage FROM backups WHERE backup_id = :backupId AND primary_damage IS NOT NULL")
  Optional<String> primaryDamage(@Bind("backupId") String backupId);

  final class Mapper implements RowMapper<RetentionCandidate> {
    private final BackupDao.Mapper backups = new BackupDao.Mapper();

    @Override
    public RetentionCandidate map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new RetentionCandidate(backups.map(rs, ctx), rs.getBoolean("legal_hold"), instant(rs, "locked_until"));
    }
  }
}
