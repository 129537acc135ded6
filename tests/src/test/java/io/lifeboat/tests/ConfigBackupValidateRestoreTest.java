package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.StepState;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code kind: config} target through the backup, verify and restore workflows: secrets never
 * stored, a modification reported by the next backup, an invalid YAML file refusing the restore
 * (naming file and line) with the destination untouched. The tests build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigBackupValidateRestoreTest {
  private static final String SECRET = "do-not-store-this-password";

  @TempDir static Path dir;
  private EmbeddedStack embedded;
  private LifeboatWorker worker;
  private TemporalConnection temporal;
  private LifeboatConfiguration config;
  private Path source;

  @BeforeAll
  void start() throws Exception {
    source = dir.resolve("etc/shop");
    Files.createDirectories(source.resolve("conf.d"));
    Files.writeString(source.resolve("application.yaml"), "server:\n  port: 8080\nfeatures: [a, b]\n");
    Files.writeString(source.resolve("flags.json"), "{\"beta\": false}\n");
    Files.writeString(source.resolve("messages.properties"), "greeting=caf\\u00e9\n");
    Files.writeString(source.resolve(".env"), "MODE=staging\nexport NAME=\"shop one\"\n");
    Files.writeString(source.resolve("conf.d/upstream.conf"), "ok\n");
    Files.writeString(source.resolve("tls.key"), SECRET);
    Files.writeString(source.resolve("db-secret.yaml"), "password: " + SECRET + "\n");
    Files.writeString(source.resolve(".env.production"), "DB_PASSWORD=" + SECRET + "\n");
    Files.writeString(source.resolve("cache.tmp"), "excluded");

    embedded = EmbeddedStack.start(dir.resolve("stack"), dir.resolve("keys"), SharedTemporal.server(),
        SharedTemporal.newNamespace());
    String yaml = Files.readString(embedded.configFile()).replace("targets: {}\n", """
        targets:
          shop-config:
            kind: config
            paths: [%s]
            excludes: ["*.tmp"]
            secrets: ["*.key", "*secret*", ".env.production"]
            validators:
              - glob: "*.conf"
                command: [grep, -q, "^ok$", "{file}"]
            scratchDirectory: %s
            rpo: 1h
            rto: 15m
        """.formatted(source, dir.resolve("scratch")));
    Files.createDirectories(dir.resolve("scratch"));
    Files.writeString(embedded.configFile(), yaml);
    config = LifeboatConfigLoader.load(embedded.configFile());
    worker = new LifeboatWorker(config, new MetricRegistry());
    worker.start();
    temporal = TemporalConnection.open(config.getTemporal());
  }

  @AfterAll
  void stop() throws Exception {
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

  private <T> T workflow(Class<T> type, String workflowId) {
    return temporal.client().newWorkflowStub(type, WorkflowOptions.newBuilder()
        .setTaskQueue(config.getTemporal().getTaskQueue()).setWorkflowId(workflowId).build());
  }

  private BackupWorkflow backupWorkflow() {
    return workflow(BackupWorkflow.class, BackupWorkflow.workflowId("shop-config"));
  }

  private BackupResult backup() {
    return backupWorkflow().backup(new BackupRequest("shop-config", "test", "tester"));
  }

  private RestoreResult restoreInto(Path into) {
    return restoreInto(into, false);
  }

  /** A restore that replaces files is approved by a second person, as the target requires by default. */
  private RestoreResult restoreInto(Path into, boolean replace) {
    return SecondPerson.approves(workflow(RestoreWorkflow.class,
        RestoreWorkflow.workflowId("shop-config", into.toString())),
        new RestoreRequest("shop-config", "latest", into.toString(), replace, null, "tester"));
  }

  @Test
  @Order(1)
  void aRoundTripRestoresTheConfigurationWithoutItsSecrets() throws Exception {
    BackupResult first = backup();
    assertThat(first.kind()).isEqualTo("config");

    workflow(VerifyWorkflow.class, VerifyWorkflow.workflowId(first.backupId()))
        .verify(new VerifyRequest(first.backupId(), true, "tester"));

    Path into = dir.resolve("restored-1");
    RestoreResult restored = restoreInto(into);
    assertThat(restored.backupId()).isEqualTo(first.backupId());
    for (String name : List.of("application.yaml", "flags.json", "messages.properties", ".env",
        "conf.d/upstream.conf")) {
      assertThat(into.resolve(name)).as(name).hasSameBinaryContentAs(source.resolve(name));
    }
    assertThat(into.resolve("tls.key")).doesNotExist();
    assertThat(into.resolve("db-secret.yaml")).doesNotExist();
    assertThat(into.resolve(".env.production")).doesNotExist();
    assertThat(into.resolve("cache.tmp")).doesNotExist();
    try (Stream<Path> all = Files.walk(into)) {
      assertThat(all.filter(Files::isRegularFile).map(p -> {
        try {
          return Files.readString(p);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      })).noneMatch(text -> text.contains(SECRET));
    }
    try (Stream<Path> scratch = Files.list(dir.resolve("scratch"))) {
      assertThat(scratch).as("validation and verification scratch removed").isEmpty();
    }
  }

  @Test
  @Order(2)
  void aModifiedFileIsReportedByTheNextBackup() throws Exception {
    Files.writeString(source.resolve("flags.json"), "{\"beta\": true}\n");
    Files.writeString(source.resolve("tls.key"), SECRET + "-rotated");

    BackupWorkflow run = backupWorkflow();
    run.backup(new BackupRequest("shop-config", "test", "tester"));

    StepState copy = run.progress().steps().stream().filter(s -> s.name().equals("backup"))
        .findFirst().orElseThrow();
    assertThat(copy.detail())
        .contains("unexpected modification since the previous backup of 1 file: " + source.resolve("flags.json"))
        .contains("modified " + source.resolve("flags.json"))
        .doesNotContain("tls.key").doesNotContain(SECRET);
  }

  @Test
  @Order(3)
  void anInvalidYamlFileRefusesTheRestoreAndLeavesTheDestinationUntouched() throws Exception {
    Files.writeString(source.resolve("application.yaml"), "server:\n  port: 8080\n\thost: a tab\nfeatures: []\n");
    backup();

    Path into = dir.resolve("restored-2");
    Files.createDirectories(into);
    Files.writeString(into.resolve("application.yaml"), "the running configuration\n");

    // asked to replace what is there: the validation of the staged copy refuses it before the swap
    assertThatThrownBy(() -> restoreInto(into, true)).satisfies(e -> {
      assertThat(Failures.type(e)).isEqualTo(FailureTypes.INVALID_CONFIGURATION);
      assertThat(Failures.message(e.getCause()))
          .contains(into.resolve("application.yaml") + " line 3") // where it would have gone
          .contains("invalid YAML")
          .contains("nothing was swapped in");
    });
    try (Stream<Path> beside = Files.list(dir)) {
      assertThat(beside).as("no staging copy left beside it").noneMatch(p -> p.getFileName().toString().contains("lifeboat"));
    }
    try (Stream<Path> files = Files.list(into)) {
      assertThat(files).containsExactly(into.resolve("application.yaml"));
    }
    assertThat(into.resolve("application.yaml")).hasContent("the running configuration");
    try (Stream<Path> scratch = Files.list(dir.resolve("scratch"))) {
      assertThat(scratch).isEmpty();
    }
  }
}
