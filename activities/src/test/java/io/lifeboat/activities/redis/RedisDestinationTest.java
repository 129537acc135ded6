package io.lifeboat.activities.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.sources.BackupBackend;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis backup restored onto another Redis server declared under {@code destinations:} (its own
 * RDB file and stop and start commands), with two private redis-servers: the destination ends up
 * with the backup's keys and the target's own server keeps its own; a bare {@code host:port} is
 * refused, saying what to declare.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisDestinationTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  @TempDir static Path dir;

  private BackupBackend backend;
  private TestActivityEnvironment environment;
  private SourceActivities steps;
  private Server primary;
  private Server dr;

  /** A daemonized redis-server on a free port, its RDB in its own directory. */
  private record Server(int port, Path data) {
    static Server start(Path data) throws Exception {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Files.createDirectories(data);
      Server server = new Server(port, data);
      sh(server.startCommand());
      server.client().close();
      return server;
    }

    String startCommand() {
      return "redis-server --port " + port + " --bind 127.0.0.1 --dir " + data + " --dbfilename dump.rdb"
          + " --save '' --appendonly no --repl-diskless-sync-delay 0 --daemonize yes --pidfile "
          + data.resolve("redis.pid") + " --logfile " + data.resolve("redis.log");
    }

    String stopCommand() {
      return "redis-cli -p " + port + " shutdown save";
    }

    RedisTarget.Restore restore() {
      return new RedisTarget.Restore(data.resolve("dump.rdb"), stopCommand(), startCommand(), Duration.ofSeconds(20));
    }

    RedisClient client() {
      return RedisClient.whenReady("127.0.0.1", port, null, Duration.ofSeconds(10), () -> null);
    }

    List<String> keys() {
      try (RedisClient redis = client()) {
        return ((List<?>) redis.call("KEYS", "*")).stream()
            .map(k -> new String((byte[]) k, StandardCharsets.UTF_8)).sorted().toList();
      }
    }

    void stop() throws Exception {
      sh("redis-cli -p " + port + " shutdown nosave >/dev/null 2>&1; pid=$(cat " + data.resolve("redis.pid")
          + " 2>/dev/null) && kill $pid 2>/dev/null; true");
    }
  }

  @BeforeAll
  void start() throws Exception {
    primary = Server.start(dir.resolve("primary"));
    dr = Server.start(dir.resolve("dr"));
    backend = BackupBackend.on(s3);
    RedisTarget target = new RedisTarget("cache", "127.0.0.1", primary.port(), null, 100, dir.resolve("scratch"),
        primary.restore(), Duration.ofHours(1), Duration.ofMinutes(15));
    RedisSource source = new RedisSource(new RedisTargets(Map.of("cache", target)), backend.catalog(),
        backend.backups(), backend.stored(), backend.writer(), backend.encryption(), Map.of("lifeboat", "test"),
        new Destinations(Map.of("dr-cache", new RedisDestination("127.0.0.1", dr.port(), null, dr.restore()))));
    environment = TestActivityEnvironment.newInstance();
    steps = OneSourceActivities.stub(environment, source, "cache", backend.catalog());
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (environment != null) {
        environment.close();
      }
      if (backend != null) {
        backend.close();
      }
    } finally {
      for (Server server : new Server[] {primary, dr}) {
        if (server != null) {
          server.stop();
        }
      }
    }
  }

  @Test
  void restoresOntoTheDestinationServerAndLeavesTheTargetsOwnAlone() {
    try (RedisClient redis = primary.client()) {
      redis.call("SET", "order:1", "backed-up");
      redis.call("HSET", "cart:7", "item", "3");
    }
    String backupId = "20260101T000000Z-redis-dr";
    backend.index(steps.backup(new SourceBackupRequest(TargetRef.of("cache"), backupId, "wf", "run", null)));
    try (RedisClient redis = primary.client()) {
      redis.call("SET", "order:2", "after the backup");
    }
    try (RedisClient redis = dr.client()) {
      redis.call("SET", "dr:old", "replaced");
    }
    Destination onDr = new Destination(TargetRef.of("cache"), null, "dr-cache", false, false);

    DestinationState state = steps.inspect(onDr);
    Staged staged = steps.restoreStaged(backupId, onDr, "run1");
    assertThat(steps.compare(backupId, onDr, staged).matches()).isTrue();
    Committed committed = steps.commit(backupId, onDr, staged, "run1");
    steps.dropReplaced(onDr, committed);

    assertThat(state.name()).isEqualTo("Redis at 127.0.0.1:" + dr.port() + " (" + dr.data().resolve("dump.rdb") + ")");
    assertThat(dr.keys()).containsExactly("cart:7", "order:1");
    assertThat(primary.keys()).as("the target's own server, untouched").containsExactly("cart:7", "order:1",
        "order:2");
  }

  @Test
  void aBareHostAndPortIsRefusedSayingWhatToDeclare() {
    assertThatThrownBy(() -> steps.inspect(new Destination(TargetRef.of("cache"), null, "127.0.0.1:" + dr.port(),
        false, false)))
        .isInstanceOf(ActivityFailure.class)
        .cause().hasMessageContaining("Redis target cache cannot be restored onto 127.0.0.1:" + dr.port()
            + " given as host:port: Lifeboat must know that server's RDB file and how to stop and start it. Declare"
            + " it under 'destinations:' (kind: redis, host, port, restore: {rdbPath, stopCommand, startCommand})"
            + " and restore --to its name");
  }

  private static void sh(String command) throws Exception {
    Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(command + " failed: " + out);
    }
  }
}
