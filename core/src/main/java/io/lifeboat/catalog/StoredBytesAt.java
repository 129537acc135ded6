package io.lifeboat.catalog;

import static io.lifeboat.catalog.JavaTimeColumns.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * What the primary bucket held of a target's backups just after one of them was made: the stored
 * bytes of every backup made by then and not yet deleted by retention (tenants' included). One
 * sample of the history a {@link StorageForecast} fits a line through.
 */
public record StoredBytesAt(String target, Instant at, long bytes) {
  public static final class Mapper implements RowMapper<StoredBytesAt> {
    @Override
    public StoredBytesAt map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new StoredBytesAt(rs.getString("target"), instant(rs, "at"), rs.getLong("bytes"));
    }
  }
}
