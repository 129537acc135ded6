package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class PostgresTargetConfigTest {
  @Test
  void jdbcUrlNamesHostPortAndDatabase() {
    PostgresTargetConfig target = target("orders-db.internal", 6432, "orders");

    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://orders-db.internal:6432/orders");
  }

  @Test
  void jdbcUrlCarriesTheSslModeButNeverCredentials() {
    PostgresTargetConfig target = target("db", 5432, "orders");
    target.setPassword("s3cret");
    target.setSslMode("verify-full");

    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/orders?sslmode=verify-full");
  }

  @Test
  void jdbcUrlBracketsIpv6AndEncodesTheDatabaseName() {
    PostgresTargetConfig target = target("::1", 5432, "order book");

    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/order+book");
  }

  @Test
  void libpqEnvironmentHoldsWhatPgDumpNeeds() {
    PostgresTargetConfig target = target("db", 6432, "orders");
    target.setPassword("s3cret");
    target.setSslMode("require");

    assertThat(target.libpqEnvironment())
        .containsExactly(
            entry("PGHOST", "db"),
            entry("PGPORT", "6432"),
            entry("PGUSER", "backup"),
            entry("PGDATABASE", "orders"),
            entry("PGPASSWORD", "s3cret"),
            entry("PGSSLMODE", "require"));
  }

  @Test
  void libpqEnvironmentLeavesOutWhatIsNotConfigured() {
    assertThat(target("db", 5432, "orders").libpqEnvironment())
        .containsOnlyKeys("PGHOST", "PGPORT", "PGUSER", "PGDATABASE");
  }

  private static PostgresTargetConfig target(String host, int port, String database) {
    PostgresTargetConfig target = new PostgresTargetConfig();
    target.setHost(host);
    target.setPort(port);
    target.setDatabase(database);
    target.setUser("backup");
    return target;
  }
}
