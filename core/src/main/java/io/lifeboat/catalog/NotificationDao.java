package io.lifeboat.catalog;

import static io.lifeboat.catalog.JavaTimeColumns.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/** The {@code watch_conditions} and {@code notification_failures} tables. */
interface NotificationDao {
  @SqlQuery("SELECT * FROM watch_conditions WHERE condition = :condition")
  @UseRowMapper(ConditionMapper.class)
  Optional<WatchCondition> condition(@Bind("condition") String condition);

  @SqlUpdate(
      """
      INSERT INTO watch_conditions (condition, event, target, severity, dedup_key, resolve_key, resolve_severity,
          notified, since)
      VALUES (:condition, :event, :target, :severity, :dedupKey, :resolveKey, :resolveSeverity, :notified, :since)
      ON CONFLICT (condition) DO UPDATE SET
          event = excluded.event, target = excluded.target, severity = excluded.severity,
          dedup_key = excluded.dedup_key, resolve_key = excluded.resolve_key,
          resolve_severity = excluded.resolve_severity, notified = excluded.notified, since = excluded.since
      """)
  void putCondition(@BindMethods WatchCondition condition);

  /** Marks delivered what the row called for, if it is still the same row (same keys); a recovered one goes. */
  @SqlUpdate("UPDATE watch_conditions SET notified = true, resolve_key = NULL, resolve_severity = NULL"
      + " WHERE condition = :condition AND dedup_key IS NOT DISTINCT FROM :dedupKey AND severity IS NOT NULL")
  void markNotified(@Bind("condition") String condition, @Bind("dedupKey") String dedupKey);

  @SqlUpdate("DELETE FROM watch_conditions WHERE condition = :condition AND severity IS NULL"
      + " AND resolve_key IS NOT DISTINCT FROM :resolveKey")
  void deleteRecovered(@Bind("condition") String condition, @Bind("resolveKey") String resolveKey);

  @SqlUpdate(
      """
      INSERT INTO notification_failures (channel, dedup_key, event, severity, target, attempts, first_failed_at,
          last_failed_at, error)
      VALUES (:channel, :dedupKey, :event, :severity, :target, 1, :at, :at, :error)
      ON CONFLICT (channel, dedup_key) DO UPDATE SET
          attempts = notification_failures.attempts + 1, last_failed_at = excluded.last_failed_at,
          error = excluded.error
      """)
  void failed(@Bind("channel") String channel, @Bind("dedupKey") String dedupKey, @Bind("event") String event,
      @Bind("severity") String severity, @Bind("target") String target, @Bind("at") Instant at,
      @Bind("error") String error);

  @SqlUpdate("DELETE FROM notification_failures WHERE channel = :channel AND dedup_key = :dedupKey")
  void delivered(@Bind("channel") String channel, @Bind("dedupKey") String dedupKey);

  @SqlQuery("SELECT * FROM notification_failures WHERE last_failed_at >= :since"
      + " ORDER BY last_failed_at DESC, channel, dedup_key LIMIT :limit")
  @UseRowMapper(FailureMapper.class)
  List<NotificationFailure> failures(@Bind("since") Instant since, @Bind("limit") int limit);

  final class ConditionMapper implements RowMapper<WatchCondition> {
    @Override
    public WatchCondition map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new WatchCondition(rs.getString("condition"), rs.getString("event"), rs.getString("target"),
          rs.getString("severity"), rs.getString("dedup_key"), rs.getString("resolve_key"),
          rs.getString("resolve_severity"), rs.getBoolean("notified"), instant(rs, "since"));
    }
  }

  final class FailureMapper implements RowMapper<NotificationFailure> {
    @Override
    public NotificationFailure map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new NotificationFailure(rs.getString("channel"), rs.getString("dedup_key"), rs.getString("event"),
          rs.getString("severity"), rs.getString("target"), rs.getInt("attempts"), instant(rs, "first_failed_at"),
          instant(rs, "last_failed_at"), rs.getString("error"));
    }
  }
}
