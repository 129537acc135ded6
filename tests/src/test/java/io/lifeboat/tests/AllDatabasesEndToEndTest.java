package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target of {@code databases: all}: the three databases of a private PostgreSQL server in one
 * backup, verified by a test restore of each into an empty cluster; two of them dropped and one
 * changed, then all restored, each equal to what was backed up by the SHA-256 of its
 * {@code pg_dump --create}; then one restored by its name.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AllDatabasesEndToEndTest {
  private static final String TARGET = "everything";
  private static final List<String> DATABASES = List.of("Notizen", "billing", "shop");

  @TempDir Path dir;

  @Test
  void everyDatabaseOfTheServerIsBackedUpTogetherAndRestoresAllOrOne() throws Exception {
    try (PrivateCluster server = PrivateCluster.create(dir.resolve("server"), List.of());
        LifeboatStack stack = LifeboatStack.start(dir, List.of(), """
              everything:
                kind: postgres
                host: 127.0.0.1
                port: %d
                databases: all
                user: postgres
                rpo: 1h
                rto: 15m
            """.formatted(server.port))) {
      server.start();
      databases(server);
      Map<String, String> expected = fingerprints(server.port);

      BackupResult backup = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(TARGET))
          .backup(new BackupRequest(TARGET, "test", "tester"));
      VerifyResult verified = stack.workflow(VerifyWorkflow.class, VerifyWorkflow.workflowId(backup.backupId()))
          .verify(new VerifyRequest(backup.backupId(), true, "tester"));
      assertThat(verified.testRestore().comparison().matches()).as(verified.testRestore().summary()).isTrue();
      assertThat(verified.testRestore().summary()).contains("3 databases (Notizen, billing, shop)")
          .contains("on an empty PostgreSQL 15 cluster");

      server.execute("DROP DATABASE billing");
      server.execute("DROP DATABASE \"Notizen\"");
      try (var c = server.connect("shop"); var s = c.createStatement()) {
        s.execute("DELETE FROM app.orders WHERE id > 1");
      }

      RestoreResult all = SecondPerson.approves(stack.workflow(RestoreWorkflow.class,
          RestoreWorkflow.workflowId(TARGET, null)), new RestoreRequest(TARGET, backup.backupId(), null, true, null,
          "tester"));

      assertThat(fingerprints(server.port)).isEqualTo(expected);
      assertThat(all.safetyBackupId()).as("shop held data: a safety backup of it came first").isNotNull();
      assertThat(server.query("SELECT string_agg(datname, ',') FROM pg_database WHERE datname LIKE '%__lifeboat_%'"))
          .as("nothing of the restore is left").isNull();

      server.execute("DROP DATABASE billing");
      stack.workflow(RestoreWorkflow.class, RestoreWorkflow.workflowId(TARGET, null))
          .restore(new RestoreRequest(TARGET, backup.backupId(), "billing", false, null, "tester"));

      assertThat(fingerprints(server.port)).isEqualTo(expected);
    }
  }

  /** An application role owning one database, settings and grants, varied rows in each. */
  private static void databases(PrivateCluster server) throws Exception {
    for (String sql : List.of("CREATE ROLE app_owner NOLOGIN", "CREATE ROLE app_ro NOLOGIN",
        "CREATE DATABASE shop OWNER app_owner", "ALTER DATABASE shop SET work_mem = '16MB'",
        "CREATE DATABASE billing", "CREATE DATABASE \"Notizen\"")) {
      server.execute(sql);
    }
    try (var c = server.connect("shop"); var s = c.createStatement()) {
      s.execute("""
          SET ROLE app_owner;
          CREATE SCHEMA app;
          CREATE TABLE app.orders (id int PRIMARY KEY, note text);
          INSERT INTO app.orders SELECT g, 'order ' || g FROM generate_series(1, 500) g;
          GRANT USAGE ON SCHEMA app TO app_ro;
          GRANT SELECT ON app.orders TO app_ro;
          """);
    }
    try (var c = server.connect("billing"); var s = c.createStatement()) {
      s.execute("CREATE TABLE invoices (id int, amount numeric);"
          + " INSERT INTO invoices SELECT g, g * 1.5 FROM generate_series(1, 42) g");
    }
    try (var c = server.connect("Notizen"); var s = c.createStatement()) {
      s.execute("CREATE TABLE \"Einträge\" (text text); INSERT INTO \"Einträge\" VALUES ('grüß dich')");
    }
  }

  /** SHA-256 of each database's {@code pg_dump --create}: schema, data, owners, grants and settings. */
  private static Map<String, String> fingerprints(int port) throws Exception {
    Map<String, String> fingerprints = new LinkedHashMap<>();
    for (String database : DATABASES) {
      String dump = Shell.exec(List.of("pg_dump", "--create", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
          "postgres", database)).output().lines()
          .filter(l -> !l.startsWith("\\restrict") && !l.startsWith("\\unrestrict"))
          .collect(Collectors.joining("\n"));
      assertThat(dump).as(database).contains("CREATE DATABASE");
      fingerprints.put(database, HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(dump.getBytes(StandardCharsets.UTF_8))));
    }
    return fingerprints;
  }
}
