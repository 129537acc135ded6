package io.lifeboat.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.files.DirectoryDestination;
import io.lifeboat.activities.sources.BackupBackend;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.manifest.Manifest;
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
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
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
 * A PostgreSQL restore onto a destination other than the target's own server, on a real
 * PostgreSQL: a declared destination is reached with its own credentials (a role of its own here,
 * which owns what it creates), {@code host:} with the target's; an unknown name, a destination of
 * another kind, an unreachable server, a server older than the dump's and a data directory without
 * room are refused, each in one line, with nothing created on the destination.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresDestinationTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static BackupBackend backend;

  private final TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
  private EmbeddedPostgresFixture.Database shop;
  private String standbyRole;
  private int unreachablePort;
  private SourceActivities steps;

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
    shop = EmbeddedPostgresFixture.newDatabase();
    execute(shop.name(), "CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 25)");
    standbyRole = "standby_" + RUNS.incrementAndGet();
    execute("postgres", "CREATE ROLE " + standbyRole + " LOGIN SUPERUSER");
    try (ServerSocket socket = new ServerSocket(0)) {
      unreachablePort = socket.getLocalPort();
    }
    PostgresServer own = new PostgresServer(shop.host(), shop.port(), EmbeddedPostgresFixture.USER, null, null);
    PostgresTargets targets = new PostgresTargets(Map.of("shop", new PostgresTarget("shop", own, shop.name(),
        Duration.ofHours(1), Duration.ofHours(1))));
    Destinations destinations = new Destinations(Map.of(
        "standby", new PostgresDestination(new PostgresServer("127.0.0.1", shop.port(), standbyRole, null, null)),
        "gone", new PostgresDestination(new PostgresServer("127.0.0.1", unreachablePort, "lifeboat", null, null)),
        "dr-files", new DirectoryDestination("files", Path.of("/mnt/dr"))));
    PostgresDatabaseSource source = new PostgresDatabaseSource(targets, backend.catalog(), backend.stored(),
        new PgDump(targets, backend.backups(), backend.writer(), backend.encryption(), Map.of("lifeboat", "test")),
        destinations);
    steps = OneSourceActivities.stub(environment, source, "shop", backend.catalog());
  }

  @AfterEach
  void stop() {
    environment.close();
  }

  @Test
  void restoresOntoADeclaredDestinationWithItsOwnCredentials() throws Exception {
    String backupId = backUp();
    String copy = shop.name() + "_dr";
    // no owner kept: what the restore creates belongs to the destination's own user, which shows its credentials were used
    Destination standby = new Destination(TargetRef.of("shop"), copy, "standby", false, true);

    DestinationState state = steps.inspect(standby);
    Staged staged = steps.restoreStaged(backupId, standby, "run1");
    assertThat(steps.compare(backupId, standby, staged).matches()).isTrue();
    Committed committed = steps.commit(backupId, standby, staged, "run1");

    assertThat(state.name()).isEqualTo("database " + copy + " of target shop on 127.0.0.1:" + shop.port());
    assertThat(state.holdsData()).isFalse();
    assertThat(committed.replaced()).isFalse();
    assertThat(count(copy)).isEqualTo(25);
    assertThat(owner(copy)).as("created with the destination's credentials").isEqualTo(standbyRole);
    assertThat(count(shop.name())).as("the target's own database, untouched").isEqualTo(25);
    assertThat(owner(shop.name())).isEqualTo(EmbeddedPostgresFixture.USER);
  }

  @Test
  void aHostWithoutPortIsReachedOnTheTargetsPortWithTheTargetsCredentials() throws Exception {
    String backupId = backUp();
    String copy = shop.name() + "_copy";
    Destination elsewhere = new Destination(TargetRef.of("shop"), copy, "127.0.0.1:", false, false);

    Staged staged = steps.restoreStaged(backupId, elsewhere, "run1");
    steps.commit(backupId, elsewhere, staged, "run1");

    assertThat(count(copy)).isEqualTo(25);
    assertThat(owner(copy)).isEqualTo(EmbeddedPostgresFixture.USER);
  }

  @Test
  void anUnknownDestinationIsRefusedNamingTheDeclaredOnes() {
    assertThatThrownBy(() -> steps.inspect(new Destination(TargetRef.of("shop"), null, "standy", false, false)))
        .isInstanceOf(ActivityFailure.class)
        .cause().hasMessageContaining("unknown destination 'standy'; declared destinations: dr-files, gone, standby"
            + " — add it under 'destinations:' in the configuration (standy: {kind: postgres, ...})");
  }

  @Test
  void aDestinationOfAnotherKindIsRefusedNamingBothKinds() {
    assertThatThrownBy(() -> steps.inspect(new Destination(TargetRef.of("shop"), null, "dr-files", false, false)))
        .isInstanceOf(ActivityFailure.class)
        .cause().hasMessageContaining("destination 'dr-files' is of kind files and the target is of kind postgres;"
            + " nothing was changed. Restore onto a destination of kind postgres (gone, standby)");
  }

  @Test
  void anUnreachableDestinationIsNamedWithWhatToCheck() {
    assertThatThrownBy(() -> steps.inspect(new Destination(TargetRef.of("shop"), null, "gone", false, false)))
        .isInstanceOf(ActivityFailure.class)
        .cause().hasMessageContaining("cannot connect to PostgreSQL at 127.0.0.1:" + unreachablePort)
        .hasMessageContaining("check that the server is running and destination gone's host, port and credentials");
  }

  @Test
  void aServerOlderThanTheDumpsIsRefusedBeforeAnythingIsCreated() throws Exception {
    String backupId = forged(backUp(), "99.1 (Debian 99.1-1)", null);
    Destination standby = new Destination(TargetRef.of("shop"), shop.name() + "_dr", "standby", false, false);

    assertThatThrownBy(() -> steps.restoreStaged(backupId, standby, "run1"))
        .isInstanceOf(ActivityFailure.class)
        .cause().hasMessageContaining("backup " + backupId + " was dumped from PostgreSQL 99 and the server at"
            + " 127.0.0.1:" + shop.port() + " runs PostgreSQL 15, which cannot restore it; nothing was changed."
            + " Restore onto a server of PostgreSQL 99 or newer");
    assertThat(databases(shop.name() + "_dr")).as("no staging database, no database").isZero();
  }

  @Test
  void aLocalDataDirectoryWithoutRoomIsRefusedBeforeAnythingIsCreated() throws Exception {
    String backupId = forged(backUp(), null, Long.MAX_VALUE / 4);
    Destination own = new Destination(TargetRef.of("shop"), shop.name() + "_big", null, false, false);

    assertThatThrownBy(() -> steps.restoreStaged(backupId, own, "run1"))
        .isInstanceOf(ActivityFailure.class)
        .cause().hasMessageContaining("database " + shop.name() + "_big needs about " + Long.MAX_VALUE / 4 + " bytes")
        .hasMessageContaining("(the data directory of localhost:" + shop.port() + ") has ")
        .hasMessageContaining("bytes free; nothing was changed. Free space there, or restore onto another server");
    assertThat(databases(shop.name() + "_big")).isZero();
  }

  @Test
  void aSafetyBackupOfADestinationIsTakenOnTheDestinationsServer() throws Exception {
    String copy = shop.name() + "_standby_data";
    execute("postgres", "CREATE DATABASE " + copy);
    execute(copy, "CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 7)");
    Destination standby = new Destination(TargetRef.of("shop"), copy, "standby", false, false);

    SourceBackupRequest safety = new SourceBackupRequest(TargetRef.of("shop"), "20260101T000001Z-" + copy,
        "restore:shop", "run", standby);
    backend.index(steps.backup(safety));
    Manifest manifest = backend.stored().manifest(safety.backupId()).manifest();

    assertThat(manifest.database()).isEqualTo(copy);
    assertThat(manifest.rowCounts()).containsEntry("public.orders", 7L);
    Destination gone = new Destination(TargetRef.of("shop"), shop.name(), "gone", false, false);
    assertThatThrownBy(() -> steps.backup(new SourceBackupRequest(TargetRef.of("shop"), "20260101T000002Z-gone",
        "restore:shop", "run", gone)))
        .as("never the target's own server in its place")
        .hasStackTraceContaining("127.0.0.1:" + unreachablePort);
  }

  @Test
  void aBackupRecordsTheSizeOfItsDatabase() throws Exception {
    String backupId = backUp();

    Manifest manifest = backend.stored().manifest(backupId).manifest();

    assertThat(manifest.sourceBytes()).isEqualTo(size(shop.name()));
  }

  private String backUp() {
    String backupId = "20260101T000000Z-" + shop.name();
    backend.index(steps.backup(new SourceBackupRequest(TargetRef.of("shop"), backupId, "backup:shop", "run", null)));
    return backupId;
  }

  /** A signed copy of a backup's manifest as another server would have written it. */
  private String forged(String backupId, String serverVersion, Long sourceBytes) {
    Manifest real = backend.stored().manifest(backupId).manifest();
    Map<String, String> tools = new TreeMap<>(real.tools());
    if (serverVersion != null) {
      tools.put("server", serverVersion);
    }
    String forgedId = backupId + "-" + (serverVersion == null ? "big" : "new");
    Manifest forged = new Manifest(real.formatVersion(), forgedId, real.target(), real.kind(), real.database(),
        real.createdAt(), real.recoveryPoint(), tools, real.rawBytes(), real.storedBytes(), real.objects(),
        real.encryption(), null, real.workflow(), real.rowCounts(), null, null, sourceBytes, real.globals());
    String realKey = backend.backups().manifestKey(real.target(), real.kind(), backupId);
    String forgedKey = backend.backups().manifestKey(real.target(), real.kind(), forgedId);
    for (Manifest.StoredObject object : real.objects()) {
      backend.store().put(BackupStore.objectKey(forgedKey, object.name()),
          backend.store().get(BackupStore.objectKey(realKey, object.name())));
    }
    backend.backups().writeManifest(forged);
    SignedManifest signed = backend.backups().readManifest(
        backend.backups().manifestKey(forged.target(), forged.kind(), forgedId));
    backend.catalog().recordBackup(signed.manifest(), signed.key(), signed.sha256());
    return forgedId;
  }

  private long count(String database) throws SQLException {
    return number(database, "SELECT count(*) FROM orders");
  }

  private String owner(String database) throws SQLException {
    try (Connection c = connect("postgres"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '"
            + database + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private long databases(String prefix) throws SQLException {
    return number("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE '" + prefix + "%'");
  }

  private long size(String database) throws SQLException {
    return number("postgres", "SELECT pg_database_size('" + database + "')");
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
    return DriverManager.getConnection("jdbc:postgresql://" + shop.host() + ":" + shop.port() + "/" + database,
        EmbeddedPostgresFixture.USER, null);
  }
}
