package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database owned by application roles — with grants, default privileges, an extension, a large
 * object, partitions and non-ASCII names — backed up, verified in an empty scratch cluster, then
 * restored onto a new, empty server at the old one's address (the old one is gone): the roles come
 * with the backup, and the restored database equals the original by {@code pg_dump --create}, its
 * roles by {@code pg_dumpall --roles-only}. By hand, {@code globals.sql} and {@code pg_restore} do
 * the same.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RolesTravelWithTheDataEndToEndTest {
  private static final String TARGET = "shop";
  private static final List<String> ROLES = List.of("app_owner", "app_rw", "app_ro", "Leserin_ä", "app_migrator");

  @TempDir Path dir;

  @Test
  void aBackupRestoresOntoANewEmptyServerWithItsRolesAndVerificationProvesIt() throws Exception {
    PrivateCluster old = PrivateCluster.create(dir.resolve("old"), List.of());
    String expectedDump;
    String expectedRoles;
    BackupResult backup;
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of(), """
          shop:
            kind: postgres
            host: 127.0.0.1
            port: %d
            database: shop
            user: postgres
            rpo: 1h
            rto: 15m
        """.formatted(old.port))) {
      try {
        old.start();
        applicationDatabase(old);
        expectedDump = dump(old.port);
        expectedRoles = roles(old.port);

        backup = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(TARGET))
            .backup(new BackupRequest(TARGET, "test", "tester"));
        VerifyResult verified = stack.workflow(VerifyWorkflow.class, VerifyWorkflow.workflowId(backup.backupId()))
            .verify(new VerifyRequest(backup.backupId(), true, "tester"));
        assertThat(verified.testRestore().comparison().matches()).isTrue();
        assertThat(verified.testRestore().summary()).contains("on an empty PostgreSQL 15 cluster")
            .contains("roles created from the backup: ").contains("app_owner", "Leserin_ä");
      } finally {
        old.stop();
      }

      // The server is lost; a new, empty one takes its address.
      try (PrivateCluster fresh = PrivateCluster.create(dir.resolve("new"), List.of(), old.port)) {
        fresh.start();
        WorkflowFailedException refused = catchThrowableOfType(() -> stack.workflow(RestoreWorkflow.class,
                RestoreWorkflow.workflowId(TARGET, null)).restore(new RestoreRequest(TargetRef.of(TARGET), "latest",
                null, false, false, null, "tester", null, false, null, true, false)),
            WorkflowFailedException.class);
        ApplicationFailure cause = rootCause(refused);
        assertThat(cause.getType()).isEqualTo(FailureTypes.MISSING_ROLES);
        assertThat(cause.getOriginalMessage()).contains("lacks the roles app_owner, app_ro, app_rw the backup's data"
            + " needs").contains("--roles create").doesNotContain("\n");
        assertThat(fresh.query("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'app%'")).isEqualTo("0");
        assertThat(fresh.query("SELECT count(*) FROM pg_database WHERE datname LIKE 'shop%'")).isEqualTo("0");

        stack.workflow(RestoreWorkflow.class, RestoreWorkflow.workflowId(TARGET, null))
            .restore(new RestoreRequest(TARGET, "latest", null, false, null, "tester"));

        assertThat(dump(fresh.port)).isEqualTo(expectedDump);
        assertThat(roles(fresh.port)).isEqualTo(expectedRoles);
      }

      // Break-glass: gpg, zstd, psql and pg_restore alone, onto another new server.
      try (PrivateCluster byHand = PrivateCluster.create(dir.resolve("by-hand"), List.of(), old.port)) {
        byHand.start();
        Path gnupgHome = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupgHome, PosixFilePermissions.fromString("rwx------"));
        String folder = backup.manifestKey().replace("manifest.json", "");
        String connect = " -h 127.0.0.1 -p " + old.port + " -U postgres";
        Shell.run(gnupgHome, "gpg --batch --import " + stack.config.getEncryption().getDecryptionKey().getFile());
        Shell.run(gnupgHome, "createdb" + connect + " shop");
        Shell.run(gnupgHome, "gpg --batch --decrypt " + stack.storedFile(folder + "globals.sql.zst.pgp")
            + " | zstd -d | psql -X -q -v ON_ERROR_STOP=1 -v dbname=shop" + connect + " -d shop -f -");
        Shell.run(gnupgHome, "gpg --batch --decrypt " + stack.storedFile(folder + "dump.zst.pgp")
            + " | zstd -d | pg_restore --exit-on-error" + connect + " -d shop");

        assertThat(dump(old.port)).isEqualTo(expectedDump);
        assertThat(roles(old.port)).isEqualTo(expectedRoles.replaceAll("(?m)^COMMENT ON ROLE.*\n", ""));
      }
    }
  }

  /** Roles, memberships and settings; a database owned by one, with grants, settings and varied content. */
  private static void applicationDatabase(PrivateCluster cluster) throws Exception {
    for (String sql : List.of(
        "CREATE ROLE app_owner NOLOGIN", "CREATE ROLE app_ro NOLOGIN", "CREATE ROLE app_rw NOLOGIN",
        "CREATE ROLE \"Leserin_ä\" LOGIN PASSWORD 'geheim' CONNECTION LIMIT 3 VALID UNTIL '2031-01-01 00:00:00+00'",
        "CREATE ROLE app_migrator LOGIN", "CREATE ROLE unrelated LOGIN",
        "GRANT app_ro TO \"Leserin_ä\"", "GRANT app_ro TO app_rw WITH ADMIN OPTION", "GRANT app_owner TO app_migrator",
        "ALTER ROLE app_ro SET statement_timeout = '30s'",
        "CREATE DATABASE shop OWNER app_owner",
        "ALTER ROLE app_ro IN DATABASE shop SET search_path = \"Lager\", public",
        "ALTER DATABASE shop SET work_mem = '16MB'",
        "REVOKE ALL ON DATABASE shop FROM PUBLIC",
        "GRANT CONNECT, TEMPORARY ON DATABASE shop TO app_rw",
        "GRANT CONNECT ON DATABASE shop TO app_ro")) {
      cluster.execute(sql);
    }
    try (var c = cluster.connect("shop"); var s = c.createStatement()) {
      s.execute("""
          CREATE EXTENSION hstore;
          CREATE EXTENSION pgcrypto;
          CREATE SCHEMA "Lager" AUTHORIZATION app_owner;
          SET ROLE app_owner;
          CREATE TABLE "Lager"."Bücher" (id int PRIMARY KEY, "größe" text, attrs hstore,
              prüfsumme bytea DEFAULT digest('x', 'sha256'));
          CREATE TABLE "Lager".events (id int, at date NOT NULL) PARTITION BY RANGE (at);
          CREATE TABLE "Lager".events_2025 PARTITION OF "Lager".events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
          CREATE TABLE "Lager".events_2026 PARTITION OF "Lager".events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
          CREATE SEQUENCE "Lager".nummern;
          CREATE FUNCTION "Lager".doppelt(int) RETURNS int LANGUAGE sql AS 'SELECT $1 * 2';
          ALTER DEFAULT PRIVILEGES IN SCHEMA "Lager" GRANT SELECT ON TABLES TO app_ro;
          INSERT INTO "Lager"."Bücher" (id, "größe", attrs) VALUES (1, 'groß', 'a=>1'), (2, 'klein', 'b=>2');
          INSERT INTO "Lager".events VALUES (1, '2025-06-01'), (2, '2026-06-01');
          SELECT lo_from_bytea(4242, convert_to('großes Objekt', 'UTF8'));
          GRANT USAGE ON SCHEMA "Lager" TO app_ro, app_rw;
          GRANT SELECT ON ALL TABLES IN SCHEMA "Lager" TO app_ro;
          GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "Lager" TO app_rw;
          GRANT USAGE ON SEQUENCE "Lager".nummern TO app_rw;
          GRANT SELECT ON LARGE OBJECT 4242 TO app_ro;
          RESET ROLE;
          """);
    }
  }

  /** {@code pg_dump --create} of shop: schema, data, large objects, owners, grants and database settings. */
  private static String dump(int port) throws Exception {
    return Shell.exec(List.of("pg_dump", "--create", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
        "postgres", "shop")).output().lines().filter(l -> !l.startsWith("\\restrict") && !l.startsWith("\\unrestrict"))
        .collect(Collectors.joining("\n"));
  }

  /**
   * The application's roles as {@code pg_dumpall --roles-only} prints them; a role a restore created
   * says so in its comment, which is left out.
   */
  private static String roles(int port) throws Exception {
    String all = Shell.exec(List.of("pg_dumpall", "--roles-only", "-h", "127.0.0.1", "-p", Integer.toString(port),
        "-U", "postgres")).output();
    return Arrays.stream(all.split("\n"))
        .filter(l -> ROLES.stream().anyMatch(r -> l.contains(r)) && !l.startsWith("COMMENT ON ROLE"))
        .collect(Collectors.joining("\n"));
  }

  private static ApplicationFailure rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) cause;
  }
}
