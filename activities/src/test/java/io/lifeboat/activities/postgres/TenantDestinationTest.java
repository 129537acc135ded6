package io.lifeboat.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.sources.BackupBackend;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One tenant's schema restored into another database on a declared destination (the place names
 * the database, the destination the server), on a real PostgreSQL: the schema lands there beside
 * what that database holds, the target's own schema is untouched; a database that does not exist
 * there is refused with nothing created.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TenantDestinationTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static BackupBackend backend;

  private final TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
  private EmbeddedPostgresFixture.Database saas;
  private EmbeddedPostgresFixture.Database drDatabase;
  private SourceActivities tenants;

  @BeforeAll
  static void open() {
    backend = BackupBackend.on(s3);
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  @BeforeEach
  void start() throws Exception {
    saas = EmbeddedPostgresFixture.newDatabase();
    drDatabase = EmbeddedPostgresFixture.newDatabase();
    execute(saas.name(), "CREATE SCHEMA tenant_a; CREATE TABLE tenant_a.invoices (id int PRIMARY KEY, total int);"
        + " INSERT INTO tenant_a.invoices SELECT i, i * 10 FROM generate_series(1, 12) i");
    execute(drDatabase.name(), "CREATE TABLE public.kept (id int); INSERT INTO public.kept VALUES (1)");
    String role = "tenant_standby_" + RUNS.incrementAndGet();
    execute("postgres", "CREATE ROLE " + role + " LOGIN SUPERUSER");
    PostgresServer own = new PostgresServer(saas.host(), saas.port(), EmbeddedPostgresFixture.USER, null, null);
    PostgresTargets targets = new PostgresTargets(Map.of("saas", new PostgresTarget("saas", own, saas.name(),
        Duration.ofHours(1), Duration.ofHours(1))));
    PgDump dump = new PgDump(targets, backend.backups(), backend.writer(), backend.encryption(),
        Map.of("lifeboat", "test"));
    PostgresDatabaseSource databases = new PostgresDatabaseSource(targets, backend.catalog(), backend.stored(), dump,
        new Destinations(Map.of("standby",
            new PostgresDestination(new PostgresServer("127.0.0.1", saas.port(), role, null, null)))));
    TenantSchemaSource source = new TenantSchemaSource(targets, backend.catalog(), backend.stored(), dump, databases);
    tenants = OneSourceActivities.stub(environment, source, "saas", backend.catalog());
  }

  @AfterEach
  void stop() {
    environment.close();
  }

  @Test
  void aTenantGoesIntoAnotherDatabaseOnTheDestination() throws Exception {
    String backupId = "20260101T000000Z-" + saas.name() + "-a";
    TargetRef tenant = new TargetRef("saas", "tenant_a");
    backend.index(tenants.backup(new SourceBackupRequest(tenant, backupId, "backup:saas", "run", null)));
    execute(saas.name(), "DELETE FROM tenant_a.invoices WHERE id > 2");
    Destination dr = new Destination(tenant, drDatabase.name(), "standby", false, false);

    DestinationState state = tenants.inspect(dr);
    Staged staged = tenants.restoreStaged(backupId, dr, "run1");
    assertThat(tenants.compare(backupId, dr, staged).matches()).isTrue();
    Committed committed = tenants.commit(backupId, dr, staged, "run1");

    assertThat(state.name()).isEqualTo("schema tenant_a of database " + drDatabase.name() + " on 127.0.0.1:"
        + saas.port() + " (target saas)");
    assertThat(state.holdsData()).isFalse();
    assertThat(committed.replaced()).isFalse();
    assertThat(number(drDatabase.name(), "SELECT count(*) FROM tenant_a.invoices")).isEqualTo(12);
    assertThat(number(drDatabase.name(), "SELECT count(*) FROM public.kept")).as("the rest of it, kept").isEqualTo(1);
    assertThat(number(saas.name(), "SELECT count(*) FROM tenant_a.invoices")).as("the target's own, untouched")
        .isEqualTo(2);
  }

  @Test
  void aDatabaseMissingOnTheDestinationIsRefused() throws Exception {
    Destination nowhere = new Destination(new TargetRef("saas", "tenant_a"), "saas_missing", "standby", false, false);

    assertThatThrownBy(() -> tenants.inspect(nowhere))
        .isInstanceOf(ActivityFailure.class)
        .cause().hasMessageContaining("database saas_missing does not exist on 127.0.0.1:" + saas.port()
            + "; nothing was changed. Create it (CREATE DATABASE), or restore the whole database there first");
    assertThat(number("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'saas_missing'")).isZero();
  }

  private long number(String database, String sql) throws SQLException {
    try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void execute(String database, String sql) throws SQLException {
    try (Connection c = connect(database); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private Connection connect(String database) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://" + saas.host() + ":" + saas.port() + "/" + database,
        EmbeddedPostgresFixture.USER, null);
  }
}
