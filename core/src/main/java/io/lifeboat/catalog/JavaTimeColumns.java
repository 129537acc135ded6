package io.lifeboat.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reads timestamptz and millisecond columns as java.time values, null as null. */
final class JavaTimeColumns {
  private JavaTimeColumns() {}

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static Duration millis(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : Duration.ofMillis(value);
  }

  static Long millis(Duration duration) {
    return duration == null ? null : duration.toMillis();
  }
}
