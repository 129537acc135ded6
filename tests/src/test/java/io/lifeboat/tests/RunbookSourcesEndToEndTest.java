package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.runbooks.RunbookParser;
import io.lifeboat.worker.embedded.FreePorts;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookProgress.Status;
import io.lifeboat.workflows.runbook.RunbookRequest;
import io.lifeboat.workflows.runbook.RunbookStepState;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runbooks whose fetch, checksum, safety-backup and restore steps work on other kinds of source
 * than a PostgreSQL database: a private redis-server, a configuration tree of real files, and one
 * tenant schema of a private PostgreSQL cluster, with S3Proxy and the Temporal test server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunbookSourcesEndToEndTest {
  private static final String SAAS = "saas";

  @TempDir static Path dir;
  private LifeboatStack stack;
  private int redisPort;
  private Path redisData;
  private Path configDir;

  @BeforeAll
  void start() throws Exception {
    redisPort = FreePorts.any();
    redisData = Files.createDirectories(dir.resolve("redis-data"));
    configDir = Files.createDirectories(dir.resolve("config"));
    Files.createDirectories(dir.resolve("scratch"));
    String startRedis = "redis-server --port " + redisPort + " --bind 127.0.0.1 --dir " + redisData
        + " --dbfilename dump.rdb --save '' --appendonly no --repl-diskless-sync-delay 0 --daemonize yes"
        + " --pidfile " + redisData.resolve("redis.pid") + " --logfile " + redisData.resolve("redis.log")
        + " --enable-debug-command yes";
    String stopRedis = "redis-cli -p " + redisPort + " shutdown nosave";
    sh(startRedis);
    awaitRedis();
    redis("SET plan gold\nHSET tenant:1 name acme seats 40\nRPUSH queue a b c\nSADD tags x y\n");
    Files.writeString(configDir.resolve("app.yaml"), "listen: 8080\ndatabase:\n  pool: 10\n");
    Files.writeString(configDir.resolve("features.json"), "{\"beta\": false}\n");

    stack = LifeboatStack.start(dir, List.of(SAAS), """
          cache:
            kind: redis
            host: 127.0.0.1
            port: %d
            sampleKeys: 10
            scratchDirectory: %s
            restore:
              rdbPath: %s
              stopCommand: "%s"
              startCommand: "%s"
              startTimeout: 30s
            rpo: 1h
            rto: 15m
          app-config:
            kind: config
            paths: [%s]
            scratchDirectory: %s
            rpo: 1h
            rto: 15m
        """.formatted(redisPort, dir.resolve("scratch"), redisData.resolve("dump.rdb"), stopRedis, startRedis,
        configDir, dir.resolve("scratch")));
    try (Connection db = stack.embedded.postgres().connect(SAAS); Statement sql = db.createStatement()) {
      for (String tenant : List.of("tenant_a", "tenant_b")) {
        sql.execute("CREATE SCHEMA " + tenant);
        sql.execute("CREATE TABLE " + tenant + ".invoices (id serial PRIMARY KEY, amount numeric NOT NULL)");
        sql.execute("INSERT INTO " + tenant + ".invoices (amount) SELECT g FROM generate_series(1, 25) g");
      }
    }
  }

  @AfterAll
  void stop() throws Exception {
    try {
      sh("redis-cli -p " + redisPort + " shutdown nosave || true");
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }

  @Test
  void aRunbookRestoresARedisServerAndAConfigurationTree() throws Exception {
    backup("cache", null);
    backup("app-config", null);
    String digest = redis("DEBUG DIGEST").strip();
    String appYaml = Files.readString(configDir.resolve("app.yaml"));
    redis("FLUSHALL\nSET intruder 1\n");
    Files.writeString(configDir.resolve("app.yaml"), "listen: 9999\n");
    Files.delete(configDir.resolve("features.json"));

    RunbookProgress done = run("""
        name: cache-and-config
        description: brings back the cache and the configuration
        objectives: {rto: 15m}
        steps:
          - {name: fetch cache, type: fetch, with: {target: cache}, timeout: 1m}
          - {name: check cache, type: checksum, with: {target: cache}, timeout: 1m}
          - {name: fetch config, type: fetch, with: {target: app-config}, timeout: 1m}
          - {name: check config, type: checksum, with: {target: app-config}, timeout: 1m}
          - {name: keep what is there, type: safety-backup, with: {target: app-config}, timeout: 1m}
          - {name: restore cache, type: restore, with: {target: cache}, timeout: 2m}
          - {name: restore config, type: restore, with: {target: app-config}, timeout: 1m}
        """);

    assertThat(done.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(done.steps()).extracting(RunbookStepState::state).containsOnly(RunbookStepState.State.DONE);
    assertThat(redis("DEBUG DIGEST").strip()).isEqualTo(digest);
    assertThat(redis("EXISTS intruder").strip()).isEqualTo("0");
    assertThat(Files.readString(configDir.resolve("app.yaml"))).isEqualTo(appYaml);
    assertThat(Files.readString(configDir.resolve("features.json"))).isEqualTo("{\"beta\": false}\n");
    assertThat(done.measures().achievedRpo()).isNotNull();
  }

  @Test
  void aRunbookRestoresOneTenantAndSwapsItBackWhenALaterStepFails() throws Exception {
    String backupId = backup(SAAS, "tenant_a");
    SchemaFingerprint original = SchemaFingerprint.of(stack.server(), SAAS, "tenant_a");
    SchemaFingerprint other = SchemaFingerprint.of(stack.server(), SAAS, "tenant_b");
    try (Connection db = stack.embedded.postgres().connect(SAAS); Statement sql = db.createStatement()) {
      sql.execute("DELETE FROM tenant_a.invoices WHERE id > 5");
    }
    SchemaFingerprint damaged = SchemaFingerprint.of(stack.server(), SAAS, "tenant_a");
    // The safety backup is a backup of the tenant like any other: the second run names the first backup.
    String tenantSteps = """
          - {name: fetch tenant, type: fetch, with: {target: saas, schema: tenant_a, backup: %s}, timeout: 1m}
          - {name: check tenant, type: checksum, with: {target: saas, schema: tenant_a}, timeout: 1m}
          - {name: keep the tenant, type: safety-backup, with: {target: saas, schema: tenant_a}, timeout: 1m}
          - {name: restore tenant, type: restore, with: {target: saas, schema: tenant_a}, timeout: 2m}
        """.formatted(backupId);

    WorkflowFailedException failed = org.assertj.core.api.Assertions.catchThrowableOfType(WorkflowFailedException.class,
        () -> run("""
            name: tenant-then-failure
            description: restores a tenant, then a check fails
            objectives: {rto: 15m}
            steps:
            %s
              - name: tenant answers
                type: health-check
                with: {tcp: "127.0.0.1:1", within: 1s, every: 200ms}
                timeout: 10s
                retries: 0
            """.formatted(tenantSteps)));

    assertThat(failed).isNotNull();
    assertThat(SchemaFingerprint.of(stack.server(), SAAS, "tenant_a")).as("old schema swapped back").isEqualTo(damaged);
    assertThat(lifeboatSchemas()).isEmpty();

    RunbookProgress done = run("""
        name: tenant-restore
        description: restores one tenant
        objectives: {rto: 15m}
        steps:
        %s""".formatted(tenantSteps));

    assertThat(done.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(SchemaFingerprint.of(stack.server(), SAAS, "tenant_a")).isEqualTo(original);
    assertThat(SchemaFingerprint.of(stack.server(), SAAS, "tenant_b")).isEqualTo(other);
    assertThat(lifeboatSchemas()).as("the old schema is dropped once the run succeeded").isEmpty();
  }

  private String backup(String target, String schema) {
    return stack.workflow(BackupWorkflow.class, schema == null ? BackupWorkflow.workflowId(target)
            : BackupWorkflow.workflowId(target, schema))
        .backup(new BackupRequest(target, "before the incident", "test", schema)).backupId();
  }

  private RunbookProgress run(String yaml) throws Exception {
    Runbook runbook = RunbookParser.parse("test.yaml", yaml);
    RunbookWorkflow run = stack.workflow(RunbookWorkflow.class,
        RunbookWorkflow.workflowId(runbook.name(), UUID.randomUUID().toString().substring(0, 8)));
    WorkflowClient.start(run::run, new RunbookRequest(runbook, Map.of(), "alice"));
    return WorkflowStub.fromTyped(run).getResult(RunbookProgress.class);
  }

  private List<String> lifeboatSchemas() throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection db = stack.embedded.postgres().connect(SAAS); Statement sql = db.createStatement();
        ResultSet rs = sql.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE '%\\_\\_lifeboat\\_%'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private String redis(String commands) throws Exception {
    Process process = new ProcessBuilder("redis-cli", "-p", Integer.toString(redisPort))
        .redirectErrorStream(true).start();
    process.getOutputStream().write(commands.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).doesNotContain("ERR");
    return out;
  }

  private void awaitRedis() throws Exception {
    for (int i = 0; i < 100; i++) {
      try {
        if (redis("PING").contains("PONG")) {
          return;
        }
      } catch (AssertionError | java.io.IOException e) {
        // not yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("redis-server did not start: " + Files.readString(redisData.resolve("redis.log")));
  }

  private static void sh(String command) throws Exception {
    Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(command + " failed: " + out);
    }
  }
}
