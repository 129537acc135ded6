package io.lifeboat.api.health;

import com.codahale.metrics.health.HealthCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The catalog database answers a query, within a few seconds. */
public final class CatalogHealthCheck extends HealthCheck {
  public static final String NAME = "catalog";

  private static final int TIMEOUT_SECONDS = 3;

  private final DataSource catalog;

  public CatalogHealthCheck(DataSource catalog) {
    this.catalog = catalog;
  }

  @Override
  protected Result check() {
    try (Connection connection = catalog.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(TIMEOUT_SECONDS);
      statement.execute("SELECT 1");
      return Result.healthy();
    } catch (SQLException e) {
      return Result.unhealthy("%s", e.getMessage());
    }
  }
}
