package io.lifeboat.catalog;

import static io.lifeboat.catalog.JavaTimeColumns.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** When the newest run a target's schedule (by its configured name) started began: what says it still fires. */
public record ScheduledRunTime(String target, String schedule, Instant startedAt) {
  public static final class Mapper implements RowMapper<ScheduledRunTime> {
    @Override
    public ScheduledRunTime map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new ScheduledRunTime(rs.getString("target"), rs.getString("schedule"), instant(rs, "started_at"));
    }
  }
}
