package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.LifeboatWorker;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code kind: etcd} target against a real etcd (Debian's etcd-server 3.4) the test starts on
 * free ports: a backup through the Maintenance API while it runs, a verification that restores it
 * into a scratch etcd, then a restore into a NEW data directory whose stop and start commands
 * replace the running member, compared key by key (binary values included) with what was backed
 * up. A second restore into that directory, now holding the member, is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EtcdBackupVerifyRestoreTest {
  @TempDir static Path dir;
  private EmbeddedStack embedded;
  private LifeboatWorker worker;
  private TemporalConnection temporal;
  private LifeboatConfiguration config;
  private String endpoint;
  private Path restored;

  @BeforeAll
  void start() throws Exception {
    int clientPort = FreePorts.any();
    int peerPort = FreePorts.any();
    int restoredPeerPort = FreePorts.any();
    endpoint = "http://127.0.0.1:" + clientPort;
    restored = dir.resolve("etcd-restored");
    Files.createDirectories(dir.resolve("scratch"));
    sh(etcd("original", dir.resolve("etcd-original"), clientPort, peerPort));

    embedded = EmbeddedStack.start(dir.resolve("stack"), dir.resolve("keys"), SharedTemporal.server(),
        SharedTemporal.newNamespace());
    String yaml = Files.readString(embedded.configFile()).replace("targets: {}\n", """
        targets:
          control-plane:
            kind: etcd
            endpoints: [%s]
            scratchDirectory: %s
            restore:
              dataDirectory: %s
              name: restored
              initialCluster: restored=http://127.0.0.1:%d
              initialAdvertisePeerUrls: http://127.0.0.1:%d
              stopCommand: "%s"
              startCommand: "%s"
              startTimeout: 30s
            rpo: 1h
            rto: 15m
        """.formatted(endpoint, dir.resolve("scratch"), restored, restoredPeerPort, restoredPeerPort,
        "kill $(cat " + dir.resolve("original.pid") + ")",
        etcd("restored", restored, clientPort, restoredPeerPort).replace("\"", "\\\"")));
    Files.writeString(embedded.configFile(), yaml);
    config = LifeboatConfigLoader.load(embedded.configFile());
    worker = new LifeboatWorker(config, new MetricRegistry());
    worker.start();
    temporal = TemporalConnection.open(config.getTemporal());
  }

  @AfterAll
  void stop() throws Exception {
    try {
      sh("for p in original restored; do [ -f " + dir + "/$p.pid ] && kill $(cat " + dir + "/$p.pid) 2>/dev/null;"
          + " done; true");
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

  @Test
  void backupVerifyAndRestoreIntoANewDataDirectoryKeepEveryKeyAndValue() throws Exception {
    Map<String, String> before;
    try (Client client = Client.builder().endpoints(endpoint).build()) {
      awaitUp(client);
      populate(client);
      before = everything(client);
    }
    assertThat(before).hasSize(500);

    BackupResult backup = workflow(BackupWorkflow.class, BackupWorkflow.workflowId("control-plane"))
        .backup(new BackupRequest("control-plane", "test", "tester"));
    assertThat(backup.kind()).isEqualTo("etcd");

    VerifyResult verified = workflow(VerifyWorkflow.class, VerifyWorkflow.workflowId(backup.backupId()))
        .verify(new VerifyRequest(backup.backupId(), true, "tester"));
    assertThat(verified.testRestore().comparison().mismatches()).isEmpty();
    assertThat(verified.testRestore().comparison().compared()).as("keys the scratch etcd serves").isEqualTo(500);
    try (var scratch = Files.list(dir.resolve("scratch"))) {
      assertThat(scratch).as("scratch etcd's directory removed").isEmpty();
    }

    try (Client client = Client.builder().endpoints(endpoint).build()) {
      client.getKVClient().put(bytes("written/after"), bytes("not in the backup")).get(10, TimeUnit.SECONDS);
    }

    RestoreResult result = SecondPerson.approves(workflow(RestoreWorkflow.class,
        RestoreWorkflow.workflowId("control-plane", "new-dir")),
        new RestoreRequest("control-plane", "latest", "", false, null, "tester"));
    assertThat(result.backupId()).isEqualTo(backup.backupId());
    assertThat(restored.resolve("member")).isDirectory();
    try (Client client = Client.builder().endpoints(endpoint).build()) {
      assertThat(everything(client)).as("every key and value, served by the restored member").isEqualTo(before);
    }

    // even asked to replace, and approved, a data directory that holds anything is never written over
    assertThatThrownBy(() -> SecondPerson.approves(workflow(RestoreWorkflow.class,
        RestoreWorkflow.workflowId("control-plane", "again")),
        new RestoreRequest("control-plane", "latest", restored.toString(), true, null, "tester")))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.DESTINATION_NOT_EMPTY);
          assertThat(Failures.message(e.getCause())).contains("never overwrites one");
        });
    assertThat(restored.resolve("member")).isDirectory();
  }

  private <T> T workflow(Class<T> type, String workflowId) {
    return temporal.client().newWorkflowStub(type, WorkflowOptions.newBuilder()
        .setTaskQueue(config.getTemporal().getTaskQueue()).setWorkflowId(workflowId).build());
  }

  /** An etcd started in the background by {@code sh -c}, its pid in {@code <name>.pid}. */
  private static String etcd(String name, Path data, int clientPort, int peerPort) {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    return "etcd --name " + name + " --data-dir " + data + " --listen-client-urls " + client
        + " --advertise-client-urls " + client + " --listen-peer-urls " + peer + " --initial-advertise-peer-urls "
        + peer + " --initial-cluster " + name + "=" + peer + " </dev/null >" + dir.resolve(name + ".log")
        + " 2>&1 & echo $! >" + dir.resolve(name + ".pid");
  }

  /** 500 keys, every fifth value binary. */
  private static void populate(Client client) throws Exception {
    Random random = new Random(5);
    List<CompletableFuture<?>> puts = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      byte[] value = ("value-" + i).getBytes(StandardCharsets.UTF_8);
      if (i % 5 == 0) {
        value = new byte[100];
        random.nextBytes(value);
      }
      puts.add(client.getKVClient().put(bytes("/registry/things/" + i), ByteSequence.from(value)));
    }
    CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
  }

  private static Map<String, String> everything(Client client) throws Exception {
    ByteSequence all = ByteSequence.from(new byte[] {0});
    Map<String, String> found = new TreeMap<>();
    for (KeyValue kv : client.getKVClient().get(all, GetOption.builder().withRange(all).build())
        .get(10, TimeUnit.SECONDS).getKvs()) {
      found.put(HexFormat.of().formatHex(kv.getKey().getBytes()), HexFormat.of().formatHex(kv.getValue().getBytes()));
    }
    return found;
  }

  private static void awaitUp(Client client) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        client.getKVClient().get(bytes("probe")).get(2, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }

  private static void sh(String command) throws Exception {
    Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(command + " failed: " + out);
    }
  }
}
