package io.lifeboat.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EtcdSource} against a real etcd (Debian's etcd-server, 3.4) the test starts on free ports
 * of 127.0.0.1, S3Proxy and a real catalog; steps go through a {@link TestActivityEnvironment}, as a
 * worker runs them. The backup holds 1,000 keys written (some with binary values), 10 of them
 * deleted again; keys written after it must not come back. The restore test runs last: it stops
 * that etcd and starts the restored member in its place, as an operator's commands would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EtcdSourceTest {
  private static final String BACKUP = "20260101T000000Z-etcd1";
  private static final TargetRef MAIN = TargetRef.of("main");

  @TempDir static Path dir;
  @org.junit.jupiter.api.extension.RegisterExtension
  static final S3ProxyFixture s3 = new S3ProxyFixture();

  private final List<TestActivityEnvironment> environments = new ArrayList<>();
  private ObjectStore store;
  private Catalog catalog;
  private BackupStore backups;
  private StoredBackups stored;
  private SourceActivities steps;
  private String endpoint;
  private Path newData;
  private Map<String, String> backedUp;

  @BeforeAll
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void start() throws Exception {
    int clientPort = freePort();
    endpoint = "http://127.0.0.1:" + clientPort;
    sh(etcdCommand("original", dir.resolve("original"), clientPort, freePort()));
    try (Client client = Client.builder().endpoints(endpoint).build()) {
      awaitUp(client);
      populate(client);
      backedUp = everything(client);
    }

    store = s3.store("backups", "lifeboat", ObjectStore.MIN_PART_SIZE, 2);
    DataSource catalogDb = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(catalogDb);
    catalog = new Catalog(catalogDb);
    backups = new BackupStore(store, new ManifestSigner(TestKeys.alice().secretKeys()));
    stored = new StoredBackups(catalog, backups, new ArtifactReader(store, List.of(TestKeys.alice().secretKeys())));

    newData = dir.resolve("restored");
    int peerPort = freePort();
    EtcdTarget main = target("main", endpoint, new EtcdTarget.Restore(newData, "restored",
        "restored=http://127.0.0.1:" + peerPort, "http://127.0.0.1:" + peerPort,
        "for m in original restored; do [ -f " + dir + "/$m.pid ] && kill $(cat " + dir + "/$m.pid) 2>/dev/null; done;"
            + " true",
        "kill -0 $(cat " + dir.resolve("restored.pid") + " 2>/dev/null) 2>/dev/null || { "
            + etcdCommand("restored", newData, clientPort, peerPort) + "; }", Duration.ofSeconds(30)));
    steps = steps(main, new EtcdTools());
    backUp(BACKUP);

    try (Client client = Client.builder().endpoints(endpoint).build()) {
      client.getKVClient().put(bytes("after/backup"), bytes("must not come back")).get(10, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  void stop() throws Exception {
    try {
      environments.forEach(TestActivityEnvironment::close);
      if (store != null) {
        store.close();
      }
    } finally {
      sh("for p in original restored; do [ -f " + dir + "/$p.pid ] && kill $(cat " + dir + "/$p.pid) 2>/dev/null;"
          + " done; true");
    }
  }

  @Test
  @Order(1)
  void theBackupIsCheckedLikeSnapshotStatusAndTestRestoredIntoAScratchEtcd() throws Exception {
    IntegrityReport integrity = steps.checkIntegrity(BACKUP);
    assertThat(integrity.target()).isEqualTo("main");
    assertThat(integrity.summary()).contains("signature valid", "ends with its own", "revision 1011", "bbolt keys");

    TestRestoreReport report = steps.testRestore(BACKUP);
    assertThat(report.comparison().mismatches()).isEmpty();
    assertThat(report.comparison().compared()).isEqualTo(990);
    assertThat(report.summary()).contains("revision 1011", "990 keys");
    assertThat(dir.resolve("scratch")).isEmptyDirectory();
  }

  @Test
  @Order(2)
  void aCorruptedSnapshotFailsItsCheckWithOneLineAndNothingIsWritten() throws Exception {
    String corrupted = "20260102T000000Z-etcd2";
    SignedManifest signed = backUp(corrupted);
    String key = signed.objectKey(EtcdSnapshots.SNAPSHOT_OBJECT);
    byte[] object = store.get(key);
    object[object.length - 30] ^= 0x40;
    store.put(key, object);

    assertThatThrownBy(() -> steps.checkIntegrity(corrupted)).satisfies(e -> {
      assertThat(Failures.type(e)).isEqualTo(FailureTypes.INTEGRITY);
      assertThat(Failures.message(e)).contains("corrupted").doesNotContain("\n");
    });
    assertThatThrownBy(() -> steps.restoreStaged(corrupted, new Destination(MAIN, null), "run2"))
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.INTEGRITY));
    assertThat(newData).doesNotExist();
    assertThat(dir.resolve(".restored.lifeboat-staging-run2")).doesNotExist();
    assertThat(dir.resolve("scratch")).isEmptyDirectory();
  }

  @Test
  @Order(3)
  void aRestoreIntoADataDirectoryThatHoldsAnythingIsRefusedAndNothingIsTouched() throws Exception {
    Path used = dir.resolve("used");
    Files.createDirectories(used);
    Files.writeString(used.resolve("keep-me"), "operator's file");
    Destination into = new Destination(MAIN, used.toString());

    DestinationState state = steps.inspect(into);
    assertThat(state.holdsData()).isTrue();
    assertThatThrownBy(() -> steps.restoreStaged(BACKUP, into, "run3")).satisfies(e -> {
      assertThat(Failures.type(e)).isEqualTo(FailureTypes.DESTINATION_NOT_EMPTY);
      assertThat(Failures.message(e)).isEqualTo("etcd data directory " + used + " is not empty (or not a"
          + " directory); a restore writes a NEW data directory and never overwrites one: set"
          + " restore.dataDirectory (or --into) to a path that does not exist");
    });
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("lifeboat-staging"));
    }
    assertThat(Files.readString(used.resolve("keep-me"))).isEqualTo("operator's file");
    try (var files = Files.list(used)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  @Order(4)
  void anUnreachableClusterFailsTheBackupWithOneLine() {
    String closed = "http://127.0.0.1:" + freePort();
    SourceActivities gone = steps(target("main", closed, null), new EtcdTools());
    assertThatThrownBy(() -> gone.backup(new SourceBackupRequest(MAIN, "20260103T000000Z-etcd3", "wf", "run",
        null))).satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.DATABASE_UNREACHABLE);
          assertThat(Failures.message(e)).startsWith("etcd target main is unreachable (" + closed + ": ")
              .endsWith("check its endpoints, credentials and TLS files").doesNotContain("\n");
        });
  }

  @Test
  @Order(5)
  void withoutEtcdctlOrEtcdutlAVerificationSaysWhichPackageToInstall() {
    SourceActivities noTools = steps(target("main", endpoint, null), new EtcdTools("/nonexistent"));
    assertThatThrownBy(() -> noTools.checkIntegrity(BACKUP)).satisfies(e -> {
      assertThat(Failures.type(e)).isEqualTo(FailureTypes.TOOL_FAILED);
      assertThat(Failures.message(e)).isEqualTo("neither etcdutl nor etcdctl is on the PATH; install etcd-client"
          + " (Debian/Ubuntu: apt-get install etcd-client) or etcdutl from an etcd 3.5 release");
    });
    assertThat(dir.resolve("scratch")).isEmptyDirectory();
  }

  /** Last: the original member is stopped and the restored one serves in its place. */
  @Test
  @Order(6)
  void aRestoreWritesANewDataDirectoryStartsItAndEveryKeyIsTheBackups() throws Exception {
    Destination own = new Destination(MAIN, null);
    DestinationState state = steps.inspect(own);
    assertThat(state.holdsData()).isFalse();
    assertThat(state.description()).isEqualTo("data directory does not exist");

    Staged staged = steps.restoreStaged(BACKUP, own, "run6");
    assertThat(Path.of(staged.where())).exists().hasParent(dir);
    assertThat(newData).doesNotExist();
    Comparison comparison = steps.compare(BACKUP, own, staged);
    assertThat(comparison.mismatches()).isEmpty();
    assertThat(comparison.compared()).isEqualTo(990);

    assertThat(steps.restoreStaged(BACKUP, own, "run6")).as("staged again the same way").isEqualTo(staged);
    Committed committed = steps.commit(BACKUP, own, staged, "run6");
    assertThat(steps.commit(BACKUP, own, staged, "run6")).as("a retried commit").isEqualTo(committed);
    assertThat(committed.keptAs()).isNull();
    assertThat(committed.summary()).contains("restored into " + newData, "member restored answers at revision 1011",
        "990 keys (the backup recorded 990)");
    assertThat(Path.of(staged.where())).doesNotExist();
    assertThat(newData.resolve("member")).isDirectory();
    try (Client client = Client.builder().endpoints(endpoint).build()) {
      Map<String, String> restored = everything(client);
      assertThat(restored).hasSize(990).isEqualTo(backedUp);
      assertThat(restored).doesNotContainKey(hex("after/backup".getBytes(StandardCharsets.UTF_8)));
    }
    steps.dropReplaced(own, committed);
    assertThat(newData.resolve("member")).isDirectory();

    steps.rollback(own, committed);
    assertThat(newData).as("moved aside, never deleted").doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("restored.lifeboat-rolled-back-"));
    }
  }

  private SourceActivities steps(EtcdTarget target, EtcdTools tools) {
    EtcdSource source = new EtcdSource(new EtcdTargets(Map.of(target.name(), target)), catalog, backups, stored,
        new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1),
        new Manifest.Encryption("openpgp", List.of(TestKeys.alice().fingerprint()), TestKeys.alice().fingerprint()),
        Map.of("lifeboat", "test"), tools);
    TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
    environments.add(environment);
    return OneSourceActivities.stub(environment, source, target.name(), catalog);
  }

  private static EtcdTarget target(String name, String endpoint, EtcdTarget.Restore restore) {
    return new EtcdTarget(name, List.of(endpoint), null, null, null, null, null, dir.resolve("scratch"), restore,
        Duration.ofHours(1), Duration.ofMinutes(15));
  }

  private SignedManifest backUp(String backupId) {
    SourceBackupResult result = steps.backup(new SourceBackupRequest(MAIN, backupId, "wf", "run", null));
    SignedManifest signed = backups.readManifest(result.manifestKey());
    catalog.recordBackup(signed.manifest(), signed.key(), signed.sha256());
    return signed;
  }

  /** A member started in the background by {@code sh -c}, its pid in {@code <name>.pid} beside the data. */
  private static String etcdCommand(String name, Path data, int clientPort, int peerPort) {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    return "etcd --name " + name + " --data-dir " + data + " --listen-client-urls " + client
        + " --advertise-client-urls " + client + " --listen-peer-urls " + peer + " --initial-advertise-peer-urls "
        + peer + " --initial-cluster " + name + "=" + peer + " </dev/null >" + dir.resolve(name + ".log")
        + " 2>&1 & echo $! >" + dir.resolve(name + ".pid");
  }

  /** 1,000 keys, every tenth value binary, then 10 deleted: revision 1011, 990 keys. */
  private static void populate(Client client) throws Exception {
    Random random = new Random(16);
    List<CompletableFuture<?>> puts = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      byte[] value;
      if (i % 10 == 0) {
        value = new byte[64];
        random.nextBytes(value);
      } else {
        value = ("value-" + i).getBytes(StandardCharsets.UTF_8);
      }
      puts.add(client.getKVClient().put(bytes(String.format("key/%04d", i)), ByteSequence.from(value)));
    }
    CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    for (int i = 0; i < 10; i++) {
      client.getKVClient().delete(bytes(String.format("key/%04d", i * 7))).get(10, TimeUnit.SECONDS);
    }
  }

  /** Every key and value, hex (values are binary). */
  private static Map<String, String> everything(Client client) throws Exception {
    ByteSequence all = ByteSequence.from(new byte[] {0});
    Map<String, String> found = new TreeMap<>();
    for (KeyValue kv : client.getKVClient().get(all, GetOption.builder().withRange(all).build())
        .get(10, TimeUnit.SECONDS).getKvs()) {
      found.put(hex(kv.getKey().getBytes()), hex(kv.getValue().getBytes()));
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

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static void sh(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("sh", "-c", command).inheritIO().start();
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("failed: " + command);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
