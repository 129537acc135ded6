package io.lifeboat.activities.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.activities.postgres.PgDump;
import io.lifeboat.activities.postgres.PostgresDatabaseSource;
import io.lifeboat.activities.postgres.PostgresServer;
import io.lifeboat.activities.postgres.PostgresTarget;
import io.lifeboat.activities.postgres.PostgresTargets;
import io.lifeboat.activities.sources.BackupBackend;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.drill.DrillActivities;
import io.lifeboat.workflows.drill.DrillEnvironment;
import io.lifeboat.workflows.drill.DrillPlan;
import io.lifeboat.workflows.drill.DrillReport;
import io.lifeboat.workflows.drill.DrillRequest;
import io.lifeboat.workflows.drill.ScratchPlace;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill's restore lands in its scratch PostgreSQL through the one source contract, by the
 * destination name {@code drill/<id>/postgres}, while production is left as it was; prepare and
 * tear-down run as activities (heartbeating) the way the drill's workflow calls them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScratchRestoreTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  private static final String DRILL = "drill-20261204-203000-shop";

  @TempDir Path temp;
  private final TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
  private ScratchEnvironments scratch;

  @AfterEach
  void stop() {
    scratch.environments().forEach(scratch::tearDown);
    environment.close();
  }

  @Test
  void aPostgresBackupRestoresIntoTheDrillsScratchServerAndNotProduction() throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    scratch = new ScratchEnvironments(temp.resolve("drills"), Path.of("/usr/lib/postgresql"), "postgres");
    EmbeddedPostgresFixture.Database shop = EmbeddedPostgresFixture.newDatabase();
    try (Connection c = connect(shop.host(), shop.port(), EmbeddedPostgresFixture.USER, shop.name());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 42)");
    }
    try (BackupBackend backend = BackupBackend.on(s3)) {
      PostgresTargets targets = new PostgresTargets(Map.of("shop", new PostgresTarget("shop",
          new PostgresServer(shop.host(), shop.port(), EmbeddedPostgresFixture.USER, null, null), shop.name(),
          Duration.ofHours(1), Duration.ofHours(1))));
      PostgresDatabaseSource source = new PostgresDatabaseSource(targets, backend.catalog(), backend.stored(),
          new PgDump(targets, backend.backups(), backend.writer(), backend.encryption(), Map.of("lifeboat", "test")),
          new Destinations(Map.of(), scratch::destination));
      SourceActivities steps = OneSourceActivities.stub(environment, source, "shop", backend.catalog());
      environment.registerActivitiesImplementations(new PrepareAndTearDown(scratch));
      DrillActivities drill = environment.newActivityStub(DrillActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(60)).setHeartbeatTimeout(Duration.ofSeconds(20))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());

      String backupId = "20260101T000000Z-" + shop.name();
      backend.index(steps.backup(new SourceBackupRequest(TargetRef.of("shop"), backupId, "backup:shop", "run", null)));
      ScratchPlace postgres = drill.prepare(DRILL, List.of("postgres")).place("postgres").orElseThrow();
      Destination into = new Destination(TargetRef.of("shop"), shop.name(), DrillEnvironment.destinationName(DRILL,
          "postgres"), false, false);
      Staged staged = steps.restoreStaged(backupId, into, "drill");
      assertThat(steps.compare(backupId, into, staged).matches()).isTrue();
      steps.commit(backupId, into, staged, "drill");

      try (Connection c = connect(postgres.host(), postgres.port(), "postgres", shop.name());
          Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
        rs.next();
        assertThat(rs.getLong(1)).as("restored into the scratch server").isEqualTo(42);
      }
      try (Connection c = connect(shop.host(), shop.port(), EmbeddedPostgresFixture.USER, "postgres");
          Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
              "SELECT count(*) FROM pg_database WHERE datname LIKE '" + shop.name() + "%'")) {
        rs.next();
        assertThat(rs.getLong(1)).as("production: its database alone, nothing staged beside it").isEqualTo(1);
      }
      assertThat(drill.tearDown(DRILL)).startsWith("removed the scratch environment of " + DRILL
          + ": stopped PostgreSQL on " + postgres.address());
    }
  }

  private static Connection connect(String host, int port, String user, String database) throws Exception {
    return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=" + user
        + "&sslmode=disable");
  }

  /** The two drill activities this part provides, as the worker's drill activities delegate them. */
  private record PrepareAndTearDown(ScratchEnvironments scratch) implements DrillActivities {
    @Override
    public DrillPlan plan(DrillRequest request) {
      throw new UnsupportedOperationException("not under test");
    }

    @Override
    public DrillEnvironment prepare(String drillId, List<String> kinds) {
      return scratch.prepare(drillId, kinds);
    }

    @Override
    public String tearDown(String drillId) {
      return scratch.tearDown(drillId);
    }

    @Override
    public String store(DrillReport report) {
      throw new UnsupportedOperationException("not under test");
    }
  }
}
