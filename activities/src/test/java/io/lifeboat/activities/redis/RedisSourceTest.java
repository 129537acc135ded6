package io.lifeboat.activities.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.TestKeys;
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
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RedisSource} against a private redis-server run by shell commands (daemonized, stopped
 * with {@code SHUTDOWN SAVE} so the replaced RDB holds what the server held), S3Proxy and a real
 * catalog. Steps go through a {@link TestActivityEnvironment}, as a worker runs them: they
 * heartbeat. Every test starts from the live server holding {@link #LIVE} keys, none of them in
 * the backup, which holds {@link #backedUp}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 20, unit = TimeUnit.SECONDS) // each test; a step takes under 2 s
class RedisSourceTest {
  private static final String BACKUP = "20260101T000000Z-redis1";
  private static final TargetRef CACHE = TargetRef.of("cache");
  private static final Destination OWN_SERVER = new Destination(CACHE, null);
  private static final List<String> LIVE = List.of("live:a", "live:b", "live:c");

  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  @TempDir static Path dir;

  private ObjectStore store;
  private Catalog catalog;
  private BackupStore backups;
  private RedisSource source;
  private TestActivityEnvironment environment;
  private SourceActivities steps;
  private int port;
  private Path data;
  private Path rdb;
  private String stopCommand;
  private String startCommand;
  private Map<String, String> backedUp;

  /** The catalog's PostgreSQL and the test keys take most of it, on a busy machine. */
  @BeforeAll
  @Timeout(value = 40, unit = TimeUnit.SECONDS)
  void start() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    data = dir.resolve("redis-data");
    Files.createDirectories(data);
    rdb = data.resolve("dump.rdb");
    startCommand = "redis-server --port " + port + " --bind 127.0.0.1 --dir " + data + " --dbfilename dump.rdb"
        + " --save '' --appendonly no --repl-diskless-sync-delay 0 --daemonize yes --pidfile "
        + data.resolve("redis.pid") + " --logfile " + data.resolve("redis.log");
    stopCommand = "redis-cli -p " + port + " shutdown save";
    sh(startCommand);
    awaitUp();

    store = s3.store("backups", "lifeboat", ObjectStore.MIN_PART_SIZE, 2);
    DataSource catalogDb = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(catalogDb);
    catalog = new Catalog(catalogDb);
    backups = new BackupStore(store, new ManifestSigner(TestKeys.alice().secretKeys()));
    StoredBackups stored = new StoredBackups(catalog, backups,
        new ArtifactReader(store, List.of(TestKeys.alice().secretKeys())));
    RedisTarget target = new RedisTarget("cache", "127.0.0.1", port, null, 100, dir.resolve("scratch"),
        new RedisTarget.Restore(rdb, stopCommand, startCommand, Duration.ofSeconds(20)),
        Duration.ofHours(1), Duration.ofMinutes(15));
    source = new RedisSource(new RedisTargets(Map.of("cache", target)), catalog, backups, stored,
        new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1),
        new Manifest.Encryption("openpgp", List.of(TestKeys.alice().fingerprint()), TestKeys.alice().fingerprint()),
        Map.of("lifeboat", "test"));
    environment = TestActivityEnvironment.newInstance();
    steps = OneSourceActivities.stub(environment, source, "cache", catalog);

    populate();
    backedUp = keys();
    backUp(BACKUP);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (environment != null) {
        environment.close();
      }
      if (store != null) {
        store.close();
      }
    } finally {
      // the daemonized server by the id it wrote, should SHUTDOWN not reach it
      sh("redis-cli -p " + port + " shutdown nosave >/dev/null 2>&1; pid=$(cat " + data.resolve("redis.pid")
          + " 2>/dev/null) && kill $pid 2>/dev/null; true");
    }
  }

  /** The live server holds three keys of its own, none of the backup's, and an RDB of them. */
  @BeforeEach
  void liveData() {
    source.swap.betweenRenames = () -> {};
    try (RedisClient redis = live()) {
      redis.call("FLUSHALL");
      LIVE.forEach(k -> redis.call("SET", k, "live"));
      LiveServer.save(redis); // the previous test's backup may still be finishing its background save
    }
  }

  @AfterEach
  void nothingLeftBeside() throws IOException {
    try (var files = Files.list(data)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("only the server's own files remain beside the RDB")
          .allMatch(n -> n.equals("dump.rdb") || n.equals("redis.log") || n.equals("redis.pid"));
    }
  }

  @Test
  void aStagedComparedCommittedRestoreBringsTheServerBackToTheBackupsKeys() {
    DestinationState state = steps.inspect(OWN_SERVER);
    assertThat(state.name()).isEqualTo("Redis at 127.0.0.1:" + port + " (" + rdb + ")");
    assertThat(state.holdsData()).isTrue();
    assertThat(state.description()).startsWith("3 keys; rdb file of ");
    assertThat(state.safetyBackup()).isFalse();

    Staged staged = steps.restoreStaged(BACKUP, OWN_SERVER, "run1");
    assertThat(Path.of(staged.where())).exists().hasParent(data);
    assertThat(keys()).as("staging does not touch the server").containsOnlyKeys(LIVE);

    Comparison comparison = steps.compare(BACKUP, OWN_SERVER, staged);
    assertThat(comparison.mismatches()).isEmpty();
    assertThat(comparison.unit()).isEqualTo("keys");
    assertThat(comparison.compared()).isEqualTo(backedUp.size());
    assertThat(keys()).as("compared in a scratch server").containsOnlyKeys(LIVE);
    assertThat(dir.resolve("scratch")).isEmptyDirectory();

    Committed committed = steps.commit(BACKUP, OWN_SERVER, staged, "run1");
    assertThat(committed.keptAs()).isEqualTo(data.resolve("dump.rdb.replaced-run1").toString());
    assertThat(committed.summary()).contains(backedUp.size() + " keys equal the backup's");
    assertThat(keys()).isEqualTo(backedUp);
    assertThat(Path.of(staged.where())).doesNotExist();

    steps.dropReplaced(OWN_SERVER, committed);
    assertThat(Path.of(committed.keptAs())).doesNotExist();
    assertThat(keys()).isEqualTo(backedUp);
  }

  @Test
  void aCorruptedBackupFailsWhileStagingAndTheServerKeepsItsDataAndStaysUp() throws Exception {
    String corrupted = "20260102T000000Z-redis2";
    SignedManifest signed = backUp(corrupted);
    String key = signed.objectKey(StoredRdbs.RDB_OBJECT);
    byte[] object = store.get(key);
    object[object.length - 30] ^= 0x40; // in the encrypted data, not its headers: a wrong key is another failure
    store.put(key, object);
    byte[] liveRdb = Files.readAllBytes(rdb);

    assertThatThrownBy(() -> steps.restoreStaged(corrupted, OWN_SERVER, "run2")).satisfies(e -> {
      assertThat(Failures.type(e)).isEqualTo(FailureTypes.INTEGRITY);
      assertThat(Failures.message(e)).contains("corrupted");
    });
    assertThat(keys()).containsOnlyKeys(LIVE);
    assertThat(Files.readAllBytes(rdb)).isEqualTo(liveRdb);
    assertThatThrownBy(() -> steps.checkIntegrity(corrupted))
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.INTEGRITY));
  }

  /** The failure comes from {@link RdbSwap#betweenRenames}: as root, no path is unwritable. */
  @Test
  void aFailureBetweenTheRenamesLeavesTheServerRunningWithItsOldDataAndARetryCommits() {
    Staged staged = steps.restoreStaged(BACKUP, OWN_SERVER, "run3");
    source.swap.betweenRenames = () -> {
      throw new UncheckedIOException(new IOException("disk gone (injected)"));
    };

    assertThatThrownBy(() -> steps.commit(BACKUP, OWN_SERVER, staged, "run3")).satisfies(e -> assertThat(
        Failures.message(e)).contains("disk gone (injected)", "the old RDB is back in place and the server started"));
    assertThat(keys()).isEqualTo(liveKeys());
    assertThat(data.resolve("dump.rdb.replaced-run3")).doesNotExist();
    assertThat(Path.of(staged.where())).as("staged again, for a retry").exists();

    source.swap.betweenRenames = () -> {};
    Committed committed = steps.commit(BACKUP, OWN_SERVER, staged, "run3");
    assertThat(keys()).isEqualTo(backedUp);
    steps.dropReplaced(OWN_SERVER, committed);
  }

  @Test
  void aRollbackAfterTheCommitBringsThePreRestoreKeysBack() {
    Staged staged = steps.restoreStaged(BACKUP, OWN_SERVER, "run4");
    Committed committed = steps.commit(BACKUP, OWN_SERVER, staged, "run4");
    assertThat(keys()).isEqualTo(backedUp);

    steps.rollback(OWN_SERVER, committed);

    assertThat(keys()).isEqualTo(liveKeys());
    assertThat(Path.of(committed.keptAs())).as("back in place").doesNotExist();
  }

  @Test
  void everyStepRetriedEndsTheSameWay() {
    Staged staged = steps.restoreStaged(BACKUP, OWN_SERVER, "run5");
    assertThat(steps.restoreStaged(BACKUP, OWN_SERVER, "run5")).isEqualTo(staged);
    assertThat(steps.compare(BACKUP, OWN_SERVER, staged)).isEqualTo(steps.compare(BACKUP, OWN_SERVER, staged));

    Committed committed = steps.commit(BACKUP, OWN_SERVER, staged, "run5");
    assertThat(steps.commit(BACKUP, OWN_SERVER, staged, "run5")).as("already swapped in").isEqualTo(committed);
    assertThat(keys()).isEqualTo(backedUp);

    steps.rollback(OWN_SERVER, committed);
    steps.rollback(OWN_SERVER, committed);
    assertThat(keys()).isEqualTo(liveKeys());

    steps.dropReplaced(OWN_SERVER, committed);
    steps.discardStaged(OWN_SERVER, "run5");
    steps.discardStaged(OWN_SERVER, "run5");

    Staged another = steps.restoreStaged(BACKUP, OWN_SERVER, "run6");
    steps.discardStaged(OWN_SERVER, "run6");
    assertThat(Path.of(another.where())).doesNotExist();
  }

  @Test
  void theBackupIsCheckedAndTestRestoredWithoutTouchingTheServer() {
    IntegrityReport integrity = steps.checkIntegrity(BACKUP);
    assertThat(integrity.target()).isEqualTo("cache");
    assertThat(integrity.summary()).contains(backedUp.size() + " keys", "matches its SHA-256");

    TestRestoreReport report = steps.testRestore(BACKUP);
    assertThat(report.comparison().mismatches()).isEmpty();
    assertThat(report.comparison().compared()).isEqualTo(backedUp.size());
    assertThat(dir.resolve("scratch")).isEmptyDirectory();
    assertThat(keys()).containsOnlyKeys(LIVE);

    ResolvedBackup resolved = steps.resolve(CACHE, BACKUP);
    assertThat(resolved.backupId()).isEqualTo(BACKUP);
    assertThat(resolved.rtoObjectiveMillis()).isEqualTo(Duration.ofMinutes(15).toMillis());
  }

  @Test
  void whatARedisTargetCannotDoIsRefusedSayingWhy() {
    assertThatThrownBy(() -> steps.inspect(new Destination(CACHE, "/srv/elsewhere"))).satisfies(e -> {
      assertThat(Failures.type(e)).isEqualTo(FailureTypes.BAD_REQUEST);
      assertThat(Failures.message(e)).isEqualTo("Redis target cache restores into a whole server (restore.rdbPath"
          + " of its configuration or of a destination), not into '/srv/elsewhere'; leave the place out");
    });
    assertThatThrownBy(() -> steps.restoreStaged(BACKUP, new Destination(CACHE, "/srv/elsewhere"), "run7"))
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.BAD_REQUEST));
    assertThatThrownBy(() -> steps.backup(new SourceBackupRequest(CACHE, "20260103T000000Z-safety", "wf", "run",
        OWN_SERVER))).satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.BAD_REQUEST);
          assertThat(Failures.message(e)).contains("no safety backup", "keeps the replaced RDB");
        });
    assertThatThrownBy(() -> steps.resolve(new TargetRef("cache", "tenant_a"), "latest"))
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.BAD_REQUEST));
    assertThat(rdb).exists();
    assertThat(keys()).containsOnlyKeys(LIVE);
  }

  private SignedManifest backUp(String backupId) {
    SourceBackupResult result = steps.backup(new SourceBackupRequest(CACHE, backupId, "wf", "run", null));
    SignedManifest signed = backups.readManifest(result.manifestKey());
    catalog.recordBackup(signed.manifest(), signed.key(), signed.sha256());
    return signed;
  }

  /** 20 keys of each type, half of them with a TTL. */
  private void populate() {
    try (RedisClient redis = live()) {
      for (int i = 0; i < 20; i++) {
        redis.call("SET", "string:" + i, "value-" + i);
        redis.call("HSET", "hash:" + i, "a", "1", "b", "x" + i);
        redis.call("RPUSH", "list:" + i, "one", "two", Integer.toString(i));
        redis.call("SADD", "set:" + i, "m1", "m" + i);
        redis.call("ZADD", "zset:" + i, "1", "a", "2.5", "b");
        if (i % 2 == 0) {
          for (String type : List.of("string", "hash", "list", "set", "zset")) {
            redis.call("EXPIRE", type + ":" + i, "36000");
          }
        }
      }
    }
  }

  private static Map<String, String> liveKeys() {
    Map<String, String> keys = new TreeMap<>();
    LIVE.forEach(k -> keys.put(k, "string/none"));
    return keys;
  }

  /** Every key of the live server with its type and TTL class ("ttl" or "none"). */
  private Map<String, String> keys() {
    try (RedisClient redis = live()) {
      Map<String, String> keys = new TreeMap<>();
      for (Object name : (List<?>) redis.call("KEYS", "*")) {
        String key = new String((byte[]) name, StandardCharsets.UTF_8);
        keys.put(key, redis.callString("TYPE", key) + "/" + (redis.callLong("PTTL", key) >= 0 ? "ttl" : "none"));
      }
      return keys;
    }
  }

  private RedisClient live() {
    return RedisClient.whenReady("127.0.0.1", port, null, Duration.ofSeconds(10), () -> null);
  }

  private void awaitUp() {
    live().close();
  }

  private static void sh(String command) throws Exception {
    Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(command + " failed: " + out);
    }
  }
}
