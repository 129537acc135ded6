package io.lifeboat.config;

import static io.lifeboat.config.ConfigAssertions.assertDefaults;
import static io.lifeboat.config.ConfigAssertions.assertFullMapping;
import static io.lifeboat.config.ConfigAssertions.properties;
import static io.lifeboat.config.TargetConfigTest.COMMANDS_ONLY;
import static io.lifeboat.config.TargetConfigTest.ONE_ACTION_PER_HOOK;
import static io.lifeboat.config.TargetConfigTest.fullCommonKeys;
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
        .set("databases", null)
        .set("user", "backup")
        .set("password", null)
        .set("sslMode", null)
        .set("rpo", Duration.hours(1))
        .set("rto", Duration.hours(4))
        .set("retention", null)
        .set("schedules", List.of())
        .set("hooks", null)
        .set("drill", null)
        .set("storageQuota", null)
        .set("replaceApproval", TargetConfig.ReplaceApproval.REQUIRED)
        .set("replaceApprovalTimeout", Duration.hours(4))
        .set("anomaly", null));
  }

  @Test
  void mapsEveryKey() throws Exception {
    // A tenant-backup schedule, which only this kind takes, maps a schedule's schemas and concurrency.
    PostgresTargetConfig target = load(directory, PostgresTargetConfig.class, fullCommonKeys("""
        - name: tenants
          action: tenant-backup
          schemas: "tenant_*"
          concurrency: 4
          cron: "0 3 * * *"
          timeZone: UTC
          overlap: buffer-one
          catchupWindow: 2 hours
          reason: tenant exports
        """) + """
        kind: postgres
        host: orders-db.internal
        port: 6432
        database: orders
        user: backup
        password: s3cret
        sslMode: verify-full
        """);

    assertFullMapping(target, fullCommonProperties(List.of(properties()
            .set("name", "tenants")
            .set("action", ScheduleConfig.Action.TENANT_BACKUP)
            .set("cron", "0 3 * * *")
            .set("timeZone", "UTC")
            .set("overlap", ScheduleConfig.Overlap.BUFFER_ONE)
            .set("catchupWindow", Duration.hours(2))
            .set("reason", "tenant exports")
            .set("schemas", "tenant_*")
            .set("concurrency", 4)))
        .set("host", "orders-db.internal")
        .set("port", 6432)
        .set("database", "orders")
        .unsetFor("databases", "a target has either database or databases; see mapsAllDatabases")
        .set("user", "backup")
        .set("password", "s3cret")
        .set("sslMode", "verify-full"));
  }

  @Test
  void mapsSqlHooks() throws Exception {
    // The common keys' hooks run a command and an HTTP call: SQL runs on postgres kinds only.
    PostgresTargetConfig target = load(directory, PostgresTargetConfig.class, MINIMAL + """
        hooks:
          before:
            sql: CHECKPOINT
            timeout: 2 minutes
          after:
            sql: "SELECT pg_notify('lifeboat', 'backup finished')"
            timeout: 10 seconds
        """);

    assertFullMapping(target.getHooks(), properties()
        .set("before", properties()
            .unsetFor("command", ONE_ACTION_PER_HOOK)
            .unsetFor("http", ONE_ACTION_PER_HOOK)
            .unsetFor("environment", COMMANDS_ONLY)
            .set("sql", "CHECKPOINT")
            .set("timeout", Duration.minutes(2)))
        .set("after", properties()
            .unsetFor("command", ONE_ACTION_PER_HOOK)
            .unsetFor("http", ONE_ACTION_PER_HOOK)
            .unsetFor("environment", COMMANDS_ONLY)
            .set("sql", "SELECT pg_notify('lifeboat', 'backup finished')")
            .set("timeout", Duration.seconds(10))));
  }

  @Test
  void refusesATargetWithoutDatabase() throws Exception {
    assertThat(problem(directory, MINIMAL.replace("database: orders\n", "")))
        .isEqualTo("'targets.main' needs exactly one of database (one database) or databases (all, or a list"
            + " of names)");
  }

  @Test
  void refusesABlankDatabase() throws Exception {
    assertThat(problem(directory, MINIMAL.replace("database: orders", "database: ' '")))
        .isEqualTo("'targets.main.database' must not be blank");
  }

  @Test
  void mapsAllDatabases() throws Exception {
    PostgresTargetConfig target = load(directory, PostgresTargetConfig.class,
        MINIMAL.replace("database: orders", "databases: all"));

    assertThat(target.getDatabase()).isNull();
    assertThat(target.getDatabases()).isEqualTo(DatabaseSelection.everyDatabase());
    assertThat(target.hasTenantSchemas()).isFalse();
    assertThat(target.connectedDatabase()).isEqualTo("postgres");
    assertThat(target.libpqEnvironment()).containsEntry("PGDATABASE", "postgres");
  }

  @Test
  void mapsAListOfDatabases() throws Exception {
    PostgresTargetConfig target = load(directory, PostgresTargetConfig.class,
        MINIMAL.replace("database: orders", "databases: [orders, billing]"));

    assertThat(target.getDatabases()).isEqualTo(DatabaseSelection.of(List.of("orders", "billing")));
  }

  @Test
  void refusesAnEmptyListOfDatabases() throws Exception {
    assertThat(problem(directory, MINIMAL.replace("database: orders", "databases: []")))
        .isEqualTo("'targets.main' databases names no database; list at least one, or write databases: all");
  }

  @Test
  void refusesBothDatabaseAndDatabases() throws Exception {
    assertThat(problem(directory, MINIMAL + "databases: all\n"))
        .isEqualTo("'targets.main' needs exactly one of database (one database) or databases (all, or a list"
            + " of names)");
  }

  @Test
  void refusesDatabasesThatAreNeitherAllNorAList() throws Exception {
    assertThat(problem(directory, MINIMAL.replace("database: orders", "databases: every")))
        .contains("'targets.main.databases'")
        .contains("must be 'all' or a list of database names, e.g. [orders, billing]");
  }

  @Test
  void refusesListingTheMaintenanceDatabase() throws Exception {
    assertThat(problem(directory, MINIMAL.replace("database: orders", "databases: [orders, postgres]")))
        .startsWith("'targets.main' databases lists postgres, the database Lifeboat connects to");
  }

  @Test
  void refusesAPortOutOfRange() throws Exception {
    assertThat(problem(directory, MINIMAL + "port: 65536\n"))
        .isEqualTo("'targets.main.port' must be less than or equal to 65535");
  }

  @Test
  void refusesAMisspelledKeyAndSuggestsTheClosest() throws Exception {
    assertThat(problem(directory, MINIMAL + "sslmode: require\n"))
        .isEqualTo("'targets.main.sslmode' is not a known key; expected one of: anomaly, database, databases, drill, hooks, host,"
            + " password, port, replaceApproval, replaceApprovalTimeout, retention, rpo, rto, schedules, sslMode, storageQuota, user (did you mean 'sslMode'?)");
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
