package io.lifeboat.config;

import static io.lifeboat.config.ConfigAssertions.assertDefaults;
import static io.lifeboat.config.ConfigAssertions.assertFullMapping;
import static io.lifeboat.config.ConfigAssertions.properties;
import static io.lifeboat.config.TargetConfigTest.FULL_COMMON_KEYS;
import static io.lifeboat.config.TargetConfigTest.fullCommonProperties;
import static io.lifeboat.config.TargetYaml.load;
import static io.lifeboat.config.TargetYaml.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.dropwizard.util.Duration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresTargetConfigTest {
  private static final String MINIMAL = """
      kind: postgres
      host: db
      database: orders
      user: backup
      rpo: 1 hour
      rto: 4 hours
      """;

  @TempDir Path directory;

  @Test
  void defaultsToPort5432AndLeaveTlsToLibpq() throws Exception {
    assertDefaults(load(directory, PostgresTargetConfig.class, MINIMAL), properties()
        .set("host", "db")
        .set("port", 5432)
        .set("database", "orders")
        .set("user", "backup")
        .set("password", null)
        .set("sslMode", null)
        .set("rpo", Duration.hours(1))
        .set("rto", Duration.hours(4))
        .set("retention", null)
        .set("schedules", List.of()));
  }

  @Test
  void mapsEveryKey() throws Exception {
    PostgresTargetConfig target = load(directory, PostgresTargetConfig.class, FULL_COMMON_KEYS + """
        kind: postgres
        host: orders-db.internal
        port: 6432
        database: orders
        user: backup
        password: s3cret
        sslMode: verify-full
        """);

    assertFullMapping(target, fullCommonProperties()
        .set("host", "orders-db.internal")
        .set("port", 6432)
        .set("database", "orders")
        .set("user", "backup")
        .set("password", "s3cret")
        .set("sslMode", "verify-full"));
  }

  @Test
  void refusesATargetWithoutDatabase() throws Exception {
    assertThat(problem(directory, MINIMAL.replace("database: orders\n", "")))
        .isEqualTo("'targets.main.database' must not be blank");
  }

  @Test
  void refusesAPortOutOfRange() throws Exception {
    assertThat(problem(directory, MINIMAL + "port: 65536\n"))
        .isEqualTo("'targets.main.port' must be less than or equal to 65535");
  }

  @Test
  void refusesAMisspelledKeyAndSuggestsTheClosest() throws Exception {
    assertThat(problem(directory, MINIMAL + "sslmode: require\n"))
        .isEqualTo("'targets.main.sslmode' is not a known key; expected one of: database, host, password,"
            + " port, retention, rpo, rto, schedules, sslMode, user (did you mean 'sslMode'?)");
  }
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
