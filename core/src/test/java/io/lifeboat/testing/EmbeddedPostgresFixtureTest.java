package io.lifeboat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.config.PostgresTargetConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresFixtureTest {
  @Test
  void handsOutFreshDatabasesOnOneServer() {
    EmbeddedPostgresFixture.Database first = EmbeddedPostgresFixture.newDatabase();
    EmbeddedPostgresFixture.Database second = EmbeddedPostgresFixture.newDatabase();
    Jdbi.create(first.dataSource()).useHandle(handle -> handle.execute("CREATE TABLE only_in_first (id int)"));

    assertThat(second.name()).isNotEqualTo(first.name());
    assertThat(second.port()).isEqualTo(first.port());
    assertThat(tableCount(second)).isZero();
    assertThat(tableCount(first)).isOne();
  }

  @Test
  void targetConfigConnectsThroughItsJdbcUrl() throws SQLException {
    EmbeddedPostgresFixture.Database database = EmbeddedPostgresFixture.newDatabase();
    PostgresTargetConfig target = database.targetConfig();
    Properties login = new Properties();
    login.setProperty("user", target.getUser());

    try (Connection connection = DriverManager.getConnection(target.jdbcUrl(), login)) {
      assertThat(connection.getCatalog()).isEqualTo(database.name());
    }
  }

  private static long tableCount(EmbeddedPostgresFixture.Database database) {
    return Jdbi.create(database.dataSource())
        .withHandle(
            handle ->
                handle
                    .createQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
                    .mapTo(Long.class)
                    .one());
  }
}
