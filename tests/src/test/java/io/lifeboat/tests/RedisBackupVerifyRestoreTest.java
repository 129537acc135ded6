package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.embedded.EmbeddedPostgres15;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.lifeboat.worker.embedded.FreePorts;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A {@code kind: redis} target against a private, password-protected redis-server managed by
 * shell commands: snapshot while it runs, verify in a scratch server, restore over changed data.
 * A round trip keeps every key, value and TTL class ({@code DEBUG DIGEST} covers values and
 * whether a key has an expiry).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisBackupVerifyRestoreTest {
  private static final String PASSWORD = "s3cret pass";
  private static final List<String> TYPES = List.of("string", "hash", "list", "set", "zset");

  @TempDir static Path dir;
  private EmbeddedStack embedded;
  private LifeboatWorker worker;
  private TemporalConnection temporal;
  private LifeboatConfiguration config;
  private Catalog catalog;
  private int port;
  private Path data;
  private String startCommand;
  private String stopCommand;

  @BeforeAll
  void start() throws Exception {
    port = FreePorts.any();
    data = dir.resolve("redis-data");
    Files.createDirectories(data);
    Files.createDirectories(dir.resolve("scratch"));
    startCommand = "redis-server --port " + port + " --bind 127.0.0.1 --dir " + data + " --dbfilename dump.rdb"
        + " --save '' --appendonly no --repl-diskless-sync-delay 0 --daemonize yes --pidfile " + data.resolve("redis.pid")
        + " --logfile " + data.resolve("redis.log") + " --enable-debug-command yes --requirepass '" + PASSWORD + "'";
    stopCommand = "REDISCLI_AUTH='" + PASSWORD + "' redis-cli -p " + port + " shutdown nosave";
    sh(startCommand);
    awaitUp();
    populate();

    embedded = EmbeddedStack.start(dir.resolve("stack"), dir.resolve("keys"), SharedTemporal.server(),
        SharedTemporal.newNamespace());
    String yaml = Files.readString(embedded.configFile()).replace("targets: {}\n", """
        targets:
          cache:
            kind: redis
            host: 127.0.0.1
            port: %d
            password: "%s"
            sampleKeys: 100
            scratchDirectory: %s
            restore:
              rdbPath: %s
              stopCommand: "%s"
              startCommand: "%s"
              startTimeout: 30s
            rpo: 1h
            rto: 15m
        """.formatted(port, PASSWORD, dir.resolve("scratch"), data.resolve("dump.rdb"),
        stopCommand.replace("\"", "\\\""), startCommand.replace("\"", "\\\"")));
    Files.writeString(embedded.configFile(), yaml);
    config = LifeboatConfigLoader.load(embedded.configFile());
    worker = new LifeboatWorker(config, new MetricRegistry());
    worker.start();
    temporal = TemporalConnection.open(config.getTemporal());
    PGSimpleDataSource catalogDb = new PGSimpleDataSource();
    catalogDb.setUrl(embedded.postgres().jdbcUrl(EmbeddedStack.CATALOG_DATABASE));
    catalogDb.setUser(EmbeddedPostgres15.USER);
    catalog = new Catalog(catalogDb);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      sh(stopCommand + " || true");
    } finally {
      if (worker != null) {
        worker.stop();
      }
      if (temporal != null) {
        temporal.stop();
      }
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  /** 40 keys of each type, half of them with a TTL. */
  private void populate() throws Exception {
    StringBuilder commands = new StringBuilder();
    for (String type : TYPES) {
      for (int i = 0; i < 40; i++) {
        String key = type + ":" + i;
        commands.append(switch (type) {
          case "string" -> "SET " + key + " value-" + i;
          case "hash" -> "HSET " + key + " a " + i + " b x" + i;
          case "list" -> "RPUSH " + key + " one two three " + i;
          case "set" -> "SADD " + key + " m1 m2 m" + i;
          default -> "ZADD " + key + " 1 a 2.5 b " + i + " c";
        }).append('\n');
        if (i % 2 == 0) {
          commands.append("EXPIRE ").append(key).append(" 36000\n");
        }
      }
    }
    redis(commands.toString());
  }

  private <T> T workflow(Class<T> type, String workflowId) {
    return temporal.client().newWorkflowStub(type, WorkflowOptions.newBuilder()
        .setTaskQueue(config.getTemporal().getTaskQueue()).setWorkflowId(workflowId).build());
  }

  private BackupResult backup() {
    return workflow(BackupWorkflow.class, BackupWorkflow.workflowId("cache"))
        .backup(new BackupRequest("cache", "test", "tester"));
  }

  @Test
  void roundTripKeepsEveryKeyAndTtlClass() throws Exception {
    String digest = redis("DEBUG DIGEST").strip();
    Map<String, String> before = keys();
    assertThat(before).hasSize(200);

    BackupResult backup = backup();
    assertThat(backup.kind()).isEqualTo("redis");
    assertThat(catalog.findBackup(backup.backupId())).get().extracting(BackupEntry::kind).isEqualTo("redis");

    VerifyResult verified = workflow(VerifyWorkflow.class, VerifyWorkflow.workflowId(backup.backupId()))
        .verify(new VerifyRequest(backup.backupId(), true, "tester"));
    assertThat(verified.testRestore().comparison().compared()).as("DBSIZE of the scratch server").isEqualTo(200);
    assertThat(verified.testRestore().comparison().unit()).isEqualTo("keys");
    try (var scratch = Files.list(dir.resolve("scratch"))) {
      assertThat(scratch).as("scratch server's directory removed").isEmpty();
    }

    // the live data changes after the backup: the restore brings back the backup's
    redis("FLUSHALL\nSET intruder 1\nSET string:0 changed\n");

    RestoreResult restored = SecondPerson.approves(workflow(RestoreWorkflow.class,
        RestoreWorkflow.workflowId("cache", "live")), new RestoreRequest("cache", "latest", "", true, null, "tester"));
    assertThat(restored.backupId()).isEqualTo(backup.backupId());
    assertThat(redis("DEBUG DIGEST").strip()).as("values and TTL classes").isEqualTo(digest);
    assertThat(keys()).isEqualTo(before);
  }

  @Test
  void restoringOverTheLiveServerMustBeAskedFor() {
    assertThatThrownBy(() -> workflow(RestoreWorkflow.class, RestoreWorkflow.workflowId("cache", "unasked"))
        .restore(new RestoreRequest("cache", "latest", "", false, null, "tester")))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.DESTINATION_NOT_EMPTY);
          assertThat(Failures.message(e.getCause())).contains("--replace");
        });
  }

  /** Every key with its type and TTL class ("ttl" or "none"). */
  private Map<String, String> keys() throws Exception {
    List<String> names = redis("KEYS *").lines().filter(l -> !l.isBlank()).sorted().toList();
    StringBuilder commands = new StringBuilder();
    names.forEach(n -> commands.append("TYPE ").append(n).append("\nPTTL ").append(n).append('\n'));
    List<String> replies = names.isEmpty() ? List.of() : redis(commands.toString()).lines().toList();
    Map<String, String> keys = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      keys.put(names.get(i), replies.get(2 * i) + "/" + (Long.parseLong(replies.get(2 * i + 1)) >= 0 ? "ttl" : "none"));
    }
    return keys;
  }

  /** Runs commands (one a line) through redis-cli; returns its output. */
  private String redis(String commands) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("redis-cli", "-p", Integer.toString(port));
    builder.environment().put("REDISCLI_AUTH", PASSWORD);
    Process process = builder.redirectErrorStream(true).start();
    process.getOutputStream().write(commands.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).doesNotContain("ERR");
    return out;
  }

  private void awaitUp() throws Exception {
    for (int i = 0; i < 100; i++) {
      try {
        if (redis("PING").contains("PONG")) {
          return;
        }
      } catch (AssertionError | IOException e) {
        // not yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("redis-server did not start: " + Files.readString(data.resolve("redis.log")));
  }

  private static void sh(String command) throws Exception {
    Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(command + " failed: " + out);
    }
  }
}
