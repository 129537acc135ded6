package io.lifeboat.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * How many stored (compressed, encrypted) bytes of a target's backups one location holds: the
 * primary bucket ({@link #PRIMARY}) or an off-site copy location, by its configured name.
 */
public record StoredBytes(String target, String location, long bytes) {
  /** The location name of the primary bucket. */
  public static final String PRIMARY = "primary";

  public static final class Mapper implements RowMapper<StoredBytes> {
    @Override
    public StoredBytes map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new StoredBytes(rs.getString("target"), rs.getString("location"), rs.getLong("bytes"));
    }
  }
}
