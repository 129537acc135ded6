package io.lifeboat.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.activities.sources.BackupBackend;
import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
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
 * The roles a database needs from its cluster, on real PostgreSQL: captured with each backup (from
 * the embedded server), then restored into a private, empty cluster of the machine's PostgreSQL
 * 15 — where they are created, refused with {@code --roles skip}, left to the connecting user with
 * {@code --no-owner}, dropped again when the restore fails — and test-restored there by verification.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresGlobalsTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  private static BackupBackend backend;
  private static ScratchCluster fresh;

  private final List<TestActivityEnvironment> environments = new ArrayList<>();
  private EmbeddedPostgresFixture.Database db;
  private PostgresServer embedded;
  private String name;
  private String owner;
  private String group;
  private String reader;
  private String login;
  private String author;
  private String defaults;
  private String unrelated;

  @BeforeAll
  static void start() {
    backend = BackupBackend.on(s3);
    fresh = ScratchCluster.start(ScratchCluster.binaries(PostgresVerification.DEBIAN_BINARIES, 15).orElseThrow(),
        PostgresVerification.DEFAULT_OS_USER, "UTF8", "globals-test-destination");
  }

  @AfterAll
  static void stop() {
    fresh.close();
    backend.close();
  }

  @AfterEach
  void closeEnvironments() {
    environments.forEach(TestActivityEnvironment::close);
  }

  /** A database with application-owned schema, grants, default privileges, memberships and settings. */
  @BeforeEach
  void applicationDatabase() throws SQLException {
    db = EmbeddedPostgresFixture.newDatabase();
    embedded = new PostgresServer(db.host(), db.port(), EmbeddedPostgresFixture.USER, null, null);
    name = "shop-" + db.name();
    owner = "app_owner_" + db.name();
    group = "app_group_" + db.name();
    reader = "app_reader_" + db.name();
    login = "app_login_" + db.name();
    author = "app_author_" + db.name();
    defaults = "app_defaults_" + db.name();
    unrelated = "unrelated_" + db.name();
    execute(embedded, db.name(), """
        CREATE ROLE %1$s NOLOGIN CREATEDB;
        CREATE ROLE %2$s NOLOGIN;
        GRANT %2$s TO %1$s;
        CREATE ROLE %3$s NOLOGIN;
        CREATE ROLE %4$s LOGIN PASSWORD 'secret' CONNECTION LIMIT 5 VALID UNTIL '2031-01-01 00:00:00+00';
        GRANT %3$s TO %4$s WITH ADMIN OPTION;
        CREATE ROLE %5$s NOLOGIN;
        CREATE ROLE %6$s NOLOGIN;
        CREATE ROLE %7$s NOLOGIN;
        ALTER ROLE %3$s SET work_mem = '8MB';
        ALTER ROLE %3$s IN DATABASE %8$s SET search_path = "$user", app, "Straße";
        ALTER DATABASE %8$s SET statement_timeout = '5min';
        REVOKE ALL ON DATABASE %8$s FROM PUBLIC;
        GRANT CONNECT ON DATABASE %8$s TO %4$s;
        ALTER DATABASE %8$s OWNER TO %1$s;
        CREATE SCHEMA app AUTHORIZATION %1$s;
        CREATE TABLE app.orders (id int PRIMARY KEY, note text);
        ALTER TABLE app.orders OWNER TO %1$s;
        INSERT INTO app.orders VALUES (1, 'one'), (2, 'two');
        GRANT SELECT ON app.orders TO %3$s;
        ALTER DEFAULT PRIVILEGES FOR ROLE %5$s IN SCHEMA app GRANT SELECT ON TABLES TO %6$s;
        """.formatted(owner, group, reader, login, author, defaults, unrelated, db.name()));
  }

  @Test
  void aBackupCapturesTheRolesItsObjectsNameWithTheirMembershipsAndSettings() throws SQLException {
    Globals globals;
    try (Connection c = embedded.connect(db.name())) {
      globals = GlobalsCapture.capture(c);
    }

    Map<String, Globals.Role> roles = new java.util.TreeMap<>();
    globals.roles().forEach(r -> roles.put(r.name(), r));
    assertThat(roles).containsKeys(owner, group, reader, login, author, defaults).doesNotContainKey(unrelated);
    assertThat(roles.get(owner).referencedAs()).containsExactly(Globals.OWNER);
    assertThat(roles.get(reader).referencedAs()).contains(Globals.GRANTEE);
    assertThat(roles.get(login).referencedAs()).as("granted CONNECT on the database").contains(Globals.GRANTEE);
    assertThat(roles.get(author).referencedAs()).as("a default-privileges role").contains(Globals.GRANTEE);
    assertThat(roles.get(group).referencedAs()).as("a role the owner is a member of").containsExactly(Globals.RELATED);
    assertThat(roles.get(owner).createDb()).isTrue();
    assertThat(roles.get(login).login()).isTrue();
    assertThat(roles.get(login).connectionLimit()).isEqualTo(5);
    assertThat(roles.get(login).validUntil()).startsWith("2031-01-01");
    assertThat(globals.passwords()).as("the embedded server's user is a superuser").isTrue();
    assertThat(roles.get(login).password()).startsWith("SCRAM-SHA-256$");
    assertThat(roles.get(reader).settings()).containsExactly("work_mem=8MB");
    assertThat(roles.get(reader).databaseSettings()).containsExactly("search_path=\"$user\", app, \"Straße\"");
    assertThat(globals.memberships()).contains(new Globals.Membership(reader, login, true),
        new Globals.Membership(group, owner, false));
    assertThat(globals.database().owner()).isEqualTo(owner);
    assertThat(globals.database().settings()).containsExactly("statement_timeout=5min");
    assertThat(globals.database().defaultGrants()).isFalse();
    assertThat(globals.database().grants()).containsExactly(new Globals.Grant(login, "CONNECT", false));
    assertThat(Globals.fromJson(globals.toJson())).isEqualTo(globals);
  }

  @Test
  void aRestoreIntoAClusterWithoutTheRolesCreatesThemAndTheDatabaseMatches() throws Exception {
    String backupId = backUp();

    Staged staged = freshSource().restoreStaged(backupId, new Destination(TargetRef.of(name), null), "run-1");

    assertThat(staged.summary()).contains("owned by " + owner).contains("roles created from the backup: ")
        .contains(owner, group, reader, login, author, defaults).doesNotContain(unrelated);
    String staging = staged.where();
    assertThat(query(fresh.server(), "postgres", "SELECT count(*) FROM pg_roles WHERE rolname = '" + unrelated + "'"))
        .containsExactly("0");
    assertThat(query(fresh.server(), "postgres", "SELECT rolcanlogin, rolconnlimit, rolvaliduntil >= '2031-01-01',"
        + " rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = '" + login + "'"))
        .containsExactly("t|5|t|t");
    assertThat(query(fresh.server(), "postgres", "SELECT r.rolname || '>' || m.rolname || ':' || a.admin_option"
        + " FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member"
        + " WHERE m.rolname IN ('" + login + "', '" + owner + "') ORDER BY 1"))
        .containsExactly(group + ">" + owner + ":false", reader + ">" + login + ":true");
    assertThat(query(fresh.server(), "postgres", "SELECT coalesce(d.datname, '*') || ' ' || array_to_string(s.setconfig, ',')"
        + " FROM pg_db_role_setting s LEFT JOIN pg_database d ON d.oid = s.setdatabase"
        + " LEFT JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = '" + reader + "' OR (s.setrole = 0 AND"
        + " d.datname = '" + staging + "') ORDER BY 1"))
        .containsExactly("* work_mem=8MB", staging + " search_path=\"$user\", app, \"Straße\"",
            staging + " statement_timeout=5min");
    assertThat(query(fresh.server(), "postgres", "SELECT pg_get_userbyid(datdba), datacl::text FROM pg_database"
        + " WHERE datname = '" + staging + "'"))
        .containsExactly(owner + "|{" + owner + "=CTc/" + owner + "," + login + "=c/" + owner + "}");
    assertThat(query(fresh.server(), staging, "SELECT tableowner, has_table_privilege('" + reader
        + "', 'app.orders', 'SELECT'), (SELECT count(*) FROM app.orders) FROM pg_tables WHERE tablename = 'orders'"))
        .containsExactly(owner + "|t|2");

    freshSource().discardStaged(new Destination(TargetRef.of(name), null), "run-1");
    assertThat(query(fresh.server(), "postgres", "SELECT count(*) FROM pg_roles WHERE rolname LIKE '%" + db.name()
        + "'")).as("the roles the run created are gone with the staging database").containsExactly("0");
  }

  @Test
  void askedToSkipRolesARestoreRefusesInOneLineNamingThemAndChangesNothing() throws Exception {
    String backupId = backUp();

    ApplicationFailure refused = failure(() -> freshSource().restoreStaged(backupId,
        new Destination(TargetRef.of(name), null, null, true, false), "run-1"));

    assertThat(refused.getType()).isEqualTo(FailureTypes.MISSING_ROLES);
    assertThat(refused.isNonRetryable()).isTrue();
    assertThat(refused.getOriginalMessage()).doesNotContain("\n")
        .startsWith("the server of database " + db.name() + " of target " + name + " lacks the roles "
            + String.join(", ", new java.util.TreeSet<>(List.of(author, defaults, login, owner, reader)))
            + " the backup's data needs; nothing was changed. Restore with --roles create")
        .contains("--no-owner");
    assertThat(query(fresh.server(), "postgres", "SELECT count(*) FROM pg_roles WHERE rolname LIKE '%" + db.name()
        + "'")).containsExactly("0");
    assertThat(query(fresh.server(), "postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE '"
        + db.name() + "%'")).containsExactly("0");
  }

  @Test
  void withNoOwnerAndSkippedRolesOnlyTheMissingGranteesAreNamed() throws Exception {
    String backupId = backUp();

    ApplicationFailure refused = failure(() -> freshSource().restoreStaged(backupId,
        new Destination(TargetRef.of(name), null, null, true, true), "run-4"));

    assertThat(refused.getType()).isEqualTo(FailureTypes.MISSING_ROLES);
    assertThat(refused.getOriginalMessage()).contains(" lacks the roles " + String.join(", ",
        new java.util.TreeSet<>(List.of(author, defaults, login, reader))) + " the backup's data needs")
        .doesNotContain(owner).doesNotContain("or with --no-owner");
  }

  @Test
  void withNoOwnerTheConnectingUserOwnsEverythingAndOnlyGranteesAreCreated() throws Exception {
    String backupId = backUp();

    Staged staged = freshSource().restoreStaged(backupId, new Destination(TargetRef.of(name), null, null, false,
        true), "run-2");

    assertThat(staged.summary()).contains("owned by the connecting user (--no-owner)");
    assertThat(query(fresh.server(), "postgres", "SELECT rolname FROM pg_roles WHERE rolname LIKE '%" + db.name()
        + "' ORDER BY 1")).containsExactlyElementsOf(new java.util.TreeSet<>(List.of(author, defaults, login, reader)));
    assertThat(query(fresh.server(), staged.where(), "SELECT tableowner, has_table_privilege('" + reader
        + "', 'app.orders', 'SELECT') FROM pg_tables WHERE tablename = 'orders'"))
        .containsExactly("postgres|t");
    freshSource().discardStaged(new Destination(TargetRef.of(name), null, null, false, true), "run-2");
  }

  @Test
  void aRestoreThatFailsDropsTheRolesItCreatedAndItsStagingDatabase() throws Exception {
    String backupId = backUp();
    execute(fresh.server(), "template1", "CREATE SCHEMA app"); // every new database has it: the restore's CREATE fails
    try {
      ActivityFailure failed = catchThrowableOfType(() -> freshSource().restoreStaged(backupId,
          new Destination(TargetRef.of(name), null), "run-3"), ActivityFailure.class);

      assertThat(failed).hasStackTraceContaining("schema \"app\" already exists");
    } finally {
      execute(fresh.server(), "template1", "DROP SCHEMA app");
    }
    assertThat(query(fresh.server(), "postgres", "SELECT count(*) FROM pg_roles WHERE rolname LIKE '%" + db.name()
        + "'")).containsExactly("0");
    assertThat(query(fresh.server(), "postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE '"
        + db.name() + "%'")).containsExactly("0");
  }

  @Test
  void verificationRestoresIntoAnEmptyClusterAndPasses() throws Exception {
    String backupId = backUp();

    TestRestoreReport report = sourceActivities(PostgresVerification.onThisMachine()).testRestore(backupId);

    assertThat(report.comparison().matches()).isTrue();
    assertThat(report.summary()).contains("on an empty PostgreSQL 15 cluster").contains("roles created from the"
        + " backup").contains(owner);
  }

  @Test
  void verificationOfABackupWithoutRolesFailsInTheEmptyClusterSayingWhy() throws Exception {
    String backupId = backUp();
    Manifest with = backend.backups().readManifest(backend.catalog().findBackup(backupId).orElseThrow().manifestKey())
        .manifest();
    Manifest before = new Manifest(with.formatVersion(), with.backupId(), with.target(), with.kind(),
        with.database(), with.createdAt(), with.recoveryPoint(), with.tools(), with.rawBytes(), with.storedBytes(),
        with.objects().subList(0, 1), with.encryption(), null, with.workflow(), with.rowCounts()); // as before globals
    String sha256 = backend.backups().writeManifest(before);
    // recorded as such in the catalog too: a restore reads only the manifest the catalog recorded
    backend.catalog().recordBackup(before, backend.catalog().findBackup(backupId).orElseThrow().manifestKey(), sha256);

    ApplicationFailure failed = failure(() -> sourceActivities(PostgresVerification.onThisMachine())
        .testRestore(backupId));

    assertThat(failed.getType()).isEqualTo(FailureTypes.MISSING_ROLES);
    assertThat(failed.getOriginalMessage()).startsWith("backup " + backupId + " carries no roles (it was taken"
        + " before Lifeboat captured them) and an empty PostgreSQL 15 cluster lacks one it needs: ")
        .contains("does not exist").doesNotContain("\n");
  }

  @Test
  void verificationOnAConfiguredScratchServerRemovesTheRolesItCreated() throws Exception {
    String backupId = backUp();

    TestRestoreReport report = sourceActivities(new PostgresVerification(fresh.server(), Path.of("/nonexistent"),
        "postgres")).testRestore(backupId);

    assertThat(report.comparison().matches()).isTrue();
    assertThat(report.summary()).contains("on scratch server 127.0.0.1:");
    assertThat(query(fresh.server(), "postgres", "SELECT count(*) FROM pg_roles WHERE rolname LIKE '%" + db.name()
        + "'")).containsExactly("0");
  }

  @Test
  void withoutServerBinariesOrScratchServerVerificationSaysItProvesNothingAboutANewServer() throws Exception {
    String backupId = backUp();

    TestRestoreReport report = sourceActivities(new PostgresVerification(null, Path.of("/nonexistent"), "postgres"))
        .testRestore(backupId);

    assertThat(report.comparison().matches()).isTrue();
    assertThat(report.summary()).contains("not proven on an empty cluster: install postgresql-15 or configure"
        + " verification.scratchServer");
  }

  @Test
  void aTenantRestoredOntoANewServerBringsTheRolesItsObjectsNeedAndDropsThemWhenDiscarded() throws SQLException {
    String backupId = "20260101T000001Z-tenant-" + db.name();
    TargetRef tenant = new TargetRef(name, "app");
    backend.index(tenants(embedded).backup(new SourceBackupRequest(tenant, backupId, "backup:" + name, "run", null)));
    execute(fresh.server(), "postgres", "CREATE DATABASE \"" + db.name() + "\"");
    Destination there = new Destination(tenant, null);

    Staged staged = tenants(fresh.server()).restoreStaged(backupId, there, "run-t");

    assertThat(staged.summary()).contains("roles created from the backup").contains(owner);
    assertThat(query(fresh.server(), db.name(), "SELECT tableowner FROM pg_tables WHERE schemaname = '"
        + staged.where() + "'")).containsExactly(owner);
    tenants(fresh.server()).discardStaged(there, "run-t");
    assertThat(query(fresh.server(), "postgres", "SELECT count(*) FROM pg_roles WHERE rolname = '" + owner + "'"))
        .as("the roles this restore created go with it").containsExactly("0");
    execute(fresh.server(), "postgres", "DROP DATABASE \"" + db.name() + "\"");
  }

  /** The target's tenants on {@code server}. */
  private SourceActivities tenants(PostgresServer server) {
    PostgresTargets targets = targets(server);
    PgDump dump = new PgDump(targets, backend.backups(), backend.writer(), backend.encryption(),
        Map.of("lifeboat", "test"));
    return OneSourceActivities.stub(environment(), new TenantSchemaSource(targets, backend.catalog(),
        backend.stored(), dump, new PostgresDatabaseSource(targets, backend.catalog(), backend.stored(), dump)), name,
        backend.catalog());
  }

  private String backUp() {
    String backupId = "20260101T000000Z-" + db.name();
    backend.index(sourceActivities(PostgresVerification.onThisMachine()).backup(new SourceBackupRequest(
        TargetRef.of(name), backupId, "backup:" + name, "run", null)));
    return backupId;
  }

  private SourceActivities sourceActivities(PostgresVerification verification) {
    PostgresTargets targets = targets(embedded);
    return OneSourceActivities.stub(environment(), new PostgresDatabaseSource(targets, backend.catalog(),
        backend.stored(), new PgDump(targets, backend.backups(), backend.writer(), backend.encryption(),
            Map.of("lifeboat", "test")), verification), name, backend.catalog());
  }

  /** The same target, restored into the fresh cluster. */
  private SourceActivities freshSource() {
    return OneSourceActivities.stub(environment(), new PostgresDatabaseSource(targets(fresh.server()),
        backend.catalog(), backend.stored(), null), name, backend.catalog());
  }

  private TestActivityEnvironment environment() {
    TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
    environments.add(environment);
    return environment;
  }

  private PostgresTargets targets(PostgresServer server) {
    return new PostgresTargets(Map.of(name, new PostgresTarget(name, server, db.name(), Duration.ofHours(1),
        Duration.ofHours(1))));
  }

  private static ApplicationFailure failure(Runnable call) {
    ActivityFailure failed = catchThrowableOfType(call::run, ActivityFailure.class);
    assertThat(failed).as("the call fails").isNotNull();
    assertThat(failed.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) failed.getCause();
  }

  private static void execute(PostgresServer server, String database, String sql) throws SQLException {
    try (Connection c = server.connect(database); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Each row's columns joined by {@code |}. */
  private static List<String> query(PostgresServer server, String database, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = server.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(String.join("|", row));
      }
    }
    return rows;
  }
}
