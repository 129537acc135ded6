package io.lifeboat.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.activities.sources.BackupBackend;
import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.config.DatabaseSelection;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A target of several databases ({@code databases: all} or a list) on a private PostgreSQL 15
 * cluster of its own (so that "all" means what the test made): one backup holds every database,
 * verification test-restores each into an empty cluster, and a restore puts back all of them —
 * or one, by name — each staged beside and swapped in, undone by a rollback.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class SeveralDatabasesTest {
  private static final String TARGET = "server";
  private static final Destination ALL = new Destination(TargetRef.of(TARGET), null);
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  private static BackupBackend backend;

  private final List<TestActivityEnvironment> environments = new ArrayList<>();
  private ScratchCluster cluster;
  private int backups;

  @BeforeAll
  static void start() {
    backend = BackupBackend.on(s3);
  }

  @AfterAll
  static void stop() {
    backend.close();
  }

  /** Three databases, one owned by an application role, with different rows. */
  @BeforeEach
  void server() throws SQLException {
    cluster = ScratchCluster.start(ScratchCluster.binaries(PostgresVerification.DEBIAN_BINARIES, 15).orElseThrow(),
        PostgresVerification.DEFAULT_OS_USER, "UTF8", "several-" + System.nanoTime());
    execute("postgres", "CREATE ROLE app_alpha NOLOGIN");
    execute("postgres", "CREATE DATABASE alpha OWNER app_alpha");
    execute("postgres", "CREATE DATABASE beta");
    execute("postgres", "CREATE DATABASE \"Gamma Straße\"");
    execute("alpha", "SET ROLE app_alpha; CREATE TABLE orders (id int PRIMARY KEY, note text);"
        + " INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 100) g");
    execute("beta", "CREATE TABLE invoices (id int); INSERT INTO invoices SELECT generate_series(1, 7)");
    execute("postgres", "ALTER ROLE app_alpha IN DATABASE beta SET work_mem = '9MB'");
    execute("Gamma Straße", "CREATE TABLE notes (id int); CREATE TABLE empty (id int);"
        + " INSERT INTO notes VALUES (1), (2)");
  }

  @AfterEach
  void close() {
    environments.forEach(TestActivityEnvironment::close);
    cluster.close();
  }

  @Test
  void oneBackupHoldsEveryDatabaseAndVerificationRestoresEachIntoAnEmptyCluster() {
    SourceActivities source = source(DatabaseSelection.everyDatabase());

    String backupId = backUp(source);

    Manifest manifest = manifest(backupId);
    assertThat(manifest.databases()).extracting(Manifest.DatabaseDump::name)
        .as("every database but postgres and the templates").containsExactly("Gamma Straße", "alpha", "beta");
    assertThat(manifest.database()).isNull();
    assertThat(manifest.databases().get(1).dump()).isEqualTo("databases/alpha/dump.zst.pgp");
    assertThat(manifest.databases().get(0).dump()).isEqualTo("databases/Gamma%20Stra%C3%9Fe/dump.zst.pgp");
    assertThat(manifest.databases().get(1).rowCounts()).containsEntry("public.orders", 100L);
    assertThat(manifest.databases().get(2).rowCounts()).containsEntry("public.invoices", 7L);
    assertThat(manifest.recoveryPoint().time()).as("the earliest snapshot")
        .isEqualTo(manifest.databases().stream().map(d -> d.recoveryPoint().time()).min(java.time.Instant::compareTo).get());
    assertThat(manifest.objects()).hasSize(9);
    assertThat(manifest.sourceBytes()).isEqualTo(manifest.databases().stream()
        .mapToLong(Manifest.DatabaseDump::sourceBytes).sum());
    assertThat(source.checkIntegrity(backupId).summary()).contains("9 objects").contains("in 3 databases");

    TestRestoreReport verified = source.testRestore(backupId);
    assertThat(verified.comparison().matches()).as(verified.summary()).isTrue();
    assertThat(verified.comparison().compared()).isEqualTo(4);
    assertThat(verified.summary()).contains("3 databases (Gamma Straße, alpha, beta)");
    assertThat(backUp(source, backupId)).as("a retry returns the stored backup").isEqualTo(backupId);
  }

  @Test
  void aRestoreOfAllPutsBackEveryDatabaseAndARollbackUndoesIt() throws SQLException {
    SourceActivities source = source(DatabaseSelection.everyDatabase());
    String backupId = backUp(source);
    execute("postgres", "DROP DATABASE beta");
    execute("postgres", "DROP DATABASE \"Gamma Straße\"");
    execute("alpha", "DELETE FROM orders WHERE id > 10");

    DestinationState state = source.inspect(ALL);
    assertThat(state.holdsData()).isTrue();
    assertThat(state.description()).isEqualTo("alpha: 1 tables, " + size("alpha") + " bytes");
    Staged staged = source.restoreStaged(backupId, ALL, "run-1");
    Comparison comparison = source.compare(backupId, ALL, staged);
    assertThat(comparison.matches()).as(comparison.describe()).isTrue();
    assertThat(comparison.compared()).isEqualTo(4);
    Committed committed = source.commit(backupId, ALL, staged, "run-1");

    assertThat(count("alpha", "orders")).isEqualTo(100);
    assertThat(count("beta", "invoices")).isEqualTo(7);
    assertThat(count("Gamma Straße", "notes")).isEqualTo(2);
    assertThat(single("postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'alpha'"))
        .isEqualTo("app_alpha");
    assertThat(source.commit(backupId, ALL, staged, "run-1").keptAs()).as("a retry: done").isEqualTo(committed.keptAs());

    source.rollback(ALL, committed);
    assertThat(count("alpha", "orders")).as("the database it replaced, back").isEqualTo(10);
    assertThat(databases()).as("the ones that did not exist are gone again").containsExactly("alpha");
    source.rollback(ALL, committed); // idempotent
    assertThat(count("alpha", "orders")).isEqualTo(10);
    assertThat(databases()).containsExactly("alpha");
  }

  @Test
  void onAnEmptyServerEachRoleIsCreatedOnceWithItsSettingsInEveryDatabase() throws Exception {
    String backupId = backUp(source(DatabaseSelection.everyDatabase()));
    try (ScratchCluster empty = ScratchCluster.start(ScratchCluster.binaries(PostgresVerification.DEBIAN_BINARIES,
        15).orElseThrow(), PostgresVerification.DEFAULT_OS_USER, "UTF8", "several-empty-" + System.nanoTime())) {
      PostgresTargets there = new PostgresTargets(Map.of(TARGET, new PostgresTarget(TARGET, empty.server(), null,
          DatabaseSelection.everyDatabase(), Duration.ofHours(1), Duration.ofHours(1))));
      SourceActivities source = OneSourceActivities.stub(environment(), new PostgresDatabaseSource(there,
          backend.catalog(), backend.stored(), null), TARGET, backend.catalog());

      Staged staged = source.restoreStaged(backupId, ALL, "run-7");
      assertThat(staged.summary()).contains("roles created from the backup: app_alpha");
      source.commit(backupId, ALL, staged, "run-7");

      try (Connection c = empty.server().connect("postgres"); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT d.datname || ' ' || pg_get_userbyid(d.datdba) || ' '"
              + " || coalesce((SELECT array_to_string(setconfig, ',') FROM pg_db_role_setting"
              + " WHERE setdatabase = d.oid AND setrole = 'app_alpha'::regrole), '-')"
              + " FROM pg_database d WHERE datname IN ('alpha', 'beta') ORDER BY 1")) {
        List<String> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
        assertThat(rows).containsExactly("alpha app_alpha -", "beta postgres work_mem=9MB");
      }
    }
  }

  @Test
  void aRestoreOfAllThenDropsWhatItReplaced() throws SQLException {
    SourceActivities source = source(DatabaseSelection.of(List.of("alpha", "beta")));
    String backupId = backUp(source);
    execute("postgres", "DROP DATABASE beta");

    Staged staged = source.restoreStaged(backupId, ALL, "run-2");
    Committed committed = source.commit(backupId, ALL, staged, "run-2");
    source.dropReplaced(ALL, committed);

    assertThat(databases()).containsExactly("Gamma Straße", "alpha", "beta");
    assertThat(count("beta", "invoices")).isEqualTo(7);
  }

  @Test
  void aFailedStagingIsDiscardedForEveryDatabase() throws SQLException {
    SourceActivities source = source(DatabaseSelection.everyDatabase());
    String backupId = backUp(source);

    source.restoreStaged(backupId, ALL, "run-3");
    assertThat(all()).hasSize(6);
    source.discardStaged(ALL, "run-3");

    assertThat(databases()).containsExactly("Gamma Straße", "alpha", "beta");
  }

  @Test
  void oneDatabaseOfTheBackupIsRestoredByItsName() throws SQLException {
    SourceActivities source = source(DatabaseSelection.everyDatabase());
    String backupId = backUp(source);
    execute("postgres", "DROP DATABASE beta");
    execute("alpha", "DELETE FROM orders");
    Destination beta = new Destination(TargetRef.of(TARGET), "beta");

    assertThat(source.inspect(beta).description()).isEqualTo("does not exist");
    Staged staged = source.restoreStaged(backupId, beta, "run-4");
    assertThat(source.compare(backupId, beta, staged).matches()).isTrue();
    source.commit(backupId, beta, staged, "run-4");

    assertThat(count("beta", "invoices")).isEqualTo(7);
    assertThat(count("alpha", "orders")).as("the others untouched").isZero();
  }

  @Test
  void restoringADatabaseTheBackupDoesNotHoldIsRefusedListingTheOnesItHolds() {
    SourceActivities source = source(DatabaseSelection.everyDatabase());
    String backupId = backUp(source);

    ApplicationFailure refused = failure(() -> source.restoreStaged(backupId,
        new Destination(TargetRef.of(TARGET), "delta"), "run-5"));

    assertThat(refused.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
    assertThat(refused.getOriginalMessage()).isEqualTo("backup " + backupId + " holds no database delta; it holds"
        + " Gamma Straße, alpha, beta — name one of those (it is restored into the database of the same name), or"
        + " none to restore all of them");
  }

  @Test
  void aBackupOfOneDatabaseFromBeforeTheTargetNamedSeveralMustSayWhichItReplaces() throws SQLException {
    PostgresTargets one = new PostgresTargets(Map.of(TARGET, new PostgresTarget(TARGET, cluster.server(), "alpha",
        null, Duration.ofHours(1), Duration.ofHours(1))));
    String backupId = backUp(OneSourceActivities.stub(environment(), new PostgresDatabaseSource(one,
        backend.catalog(), backend.stored(), new PgDump(one, backend.backups(), backend.writer(),
            backend.encryption(), Map.of("lifeboat", "test"))), TARGET, backend.catalog()));
    List<String> before = all();

    ApplicationFailure refused = failure(() -> source(DatabaseSelection.everyDatabase()).restoreStaged(backupId,
        ALL, "run-9"));

    assertThat(refused.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
    assertThat(refused.getOriginalMessage()).isEqualTo("backup " + backupId + " holds one database, alpha, and"
        + " target " + TARGET + " now backs up several; nothing was changed. Restore it with --into alpha");
    assertThat(all()).isEqualTo(before);
  }

  @Test
  void aRestoreOfAllRefusesToReplaceADatabaseTheTargetNoLongerLists() throws SQLException {
    String backupId = backUp(source(DatabaseSelection.everyDatabase()));
    List<String> before = all();

    ApplicationFailure refused = failure(() -> source(DatabaseSelection.of(List.of("alpha", "beta")))
        .restoreStaged(backupId, ALL, "run-10"));

    assertThat(refused.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
    assertThat(refused.getOriginalMessage()).isEqualTo("backup " + backupId + " holds Gamma Straße, which target "
        + TARGET + " no longer lists and which exist on its server; nothing was changed. Restore each by name"
        + " (--into NAME), or list them under databases: again");
    assertThat(all()).isEqualTo(before);
  }

  @Test
  void aListedDatabaseTheServerLacksIsRefusedNamingWhatItHas() {
    SourceActivities source = source(DatabaseSelection.of(List.of("alpha", "delta")));

    ApplicationFailure refused = failure(() -> backUp(source));

    assertThat(refused.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
    assertThat(refused.getOriginalMessage()).isEqualTo("database delta listed under databases of target server"
        + " does not exist on its server, which has: Gamma Straße, alpha, beta — correct the list (names are"
        + " case-sensitive) or write databases: all");
  }

  @Test
  void aFailedSwapPutsBackTheDatabasesSwappedBeforeIt() throws SQLException {
    PostgresTargets targets = targets(DatabaseSelection.everyDatabase());
    String backupId = backUp(source(DatabaseSelection.everyDatabase()));
    execute("alpha", "DELETE FROM orders WHERE id > 10");
    int[] renames = {0};
    SourceActivities failing = OneSourceActivities.stub(environment(), new PostgresDatabaseSource(targets,
        backend.catalog(), backend.stored(), null, (maintenance, staging, database) -> {
          if (++renames[0] == 3) {
            throw new SQLException("injected: the server went away");
          }
          Databases.rename(maintenance, staging, database);
        }), TARGET, backend.catalog());
    Staged staged = failing.restoreStaged(backupId, ALL, "run-6");

    assertThat(catchThrowableOfType(() -> failing.commit(backupId, ALL, staged, "run-6"), ActivityFailure.class))
        .hasStackTraceContaining("injected");

    assertThat(count("alpha", "orders")).as("swapped, then put back").isEqualTo(10);
    assertThat(databases()).containsExactly("Gamma Straße", "alpha", "beta");
    failing.discardStaged(ALL, "run-6");
    assertThat(all()).containsExactly("Gamma Straße", "alpha", "beta");
  }

  @Test
  void aTenantSchemaOfATargetOfSeveralDatabasesIsRefusedSayingWhatToDeclare() {
    PostgresTargets targets = targets(DatabaseSelection.everyDatabase());
    PgDump dump = new PgDump(targets, backend.backups(), backend.writer(), backend.encryption(),
        Map.of("lifeboat", "test"));
    SourceActivities tenants = OneSourceActivities.stub(environment(), new TenantSchemaSource(targets,
        backend.catalog(), backend.stored(), dump, new PostgresDatabaseSource(targets, backend.catalog(),
            backend.stored(), dump)), TARGET, backend.catalog());

    ApplicationFailure refused = failure(() -> tenants.backup(new SourceBackupRequest(
        new TargetRef(TARGET, "tenant_1"), "20260101T000000Z-tenant", "backup:" + TARGET, "run", null)));

    assertThat(refused.getOriginalMessage()).isEqualTo("target server backs up several databases (databases:), which"
        + " have no tenant schemas; declare a target of the one database that holds them (database: <name>) and back"
        + " up or restore its schemas through that one");
  }

  private String backUp(SourceActivities source) {
    return backUp(source, "20260101T00000" + (backups++) + "Z-" + System.nanoTime());
  }

  private String backUp(SourceActivities source, String backupId) {
    backend.index(source.backup(new SourceBackupRequest(TargetRef.of(TARGET), backupId, "backup:" + TARGET, "run",
        null)));
    return backupId;
  }

  private Manifest manifest(String backupId) {
    return backend.backups().readManifest(backend.catalog().findBackup(backupId).orElseThrow().manifestKey())
        .manifest();
  }

  private SourceActivities source(DatabaseSelection databases) {
    PostgresTargets targets = targets(databases);
    return OneSourceActivities.stub(environment(), new PostgresDatabaseSource(targets, backend.catalog(),
        backend.stored(), new PgDump(targets, backend.backups(), backend.writer(), backend.encryption(),
            Map.of("lifeboat", "test"))), TARGET, backend.catalog());
  }

  private PostgresTargets targets(DatabaseSelection databases) {
    return new PostgresTargets(Map.of(TARGET, new PostgresTarget(TARGET, cluster.server(), null, databases,
        Duration.ofHours(1), Duration.ofHours(1))));
  }

  private TestActivityEnvironment environment() {
    TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
    environments.add(environment);
    return environment;
  }

  private static ApplicationFailure failure(Runnable call) {
    ActivityFailure failed = catchThrowableOfType(call::run, ActivityFailure.class);
    assertThat(failed).as("the call fails").isNotNull();
    assertThat(failed.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) failed.getCause();
  }

  /** The databases an application would see (no templates, no postgres, nothing of Lifeboat's). */
  private List<String> databases() throws SQLException {
    return all().stream().filter(d -> !d.contains("__lifeboat_")).toList();
  }

  private List<String> all() throws SQLException {
    try (Connection c = cluster.server().connect("postgres")) {
      return ServerDatabases.all(c);
    }
  }

  private long size(String database) throws SQLException {
    return Long.parseLong(single("postgres", "SELECT pg_database_size('" + database + "')"));
  }

  private long count(String database, String table) throws SQLException {
    return Long.parseLong(single(database, "SELECT count(*) FROM " + table));
  }

  private String single(String database, String sql) throws SQLException {
    try (Connection c = cluster.server().connect(database); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void execute(String database, String sql) throws SQLException {
    try (Connection c = cluster.server().connect(database); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
