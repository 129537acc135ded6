package io.lifeboat.activities.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The RDB header and the key sample against a private redis-server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisSnapshotPartsTest {
  @TempDir static Path dir;
  private Process server;
  private int port;

  @BeforeAll
  void start() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--repl-diskless-sync-delay", "0").redirectErrorStream(true)
        .redirectOutput(dir.resolve("log").toFile()).start();
    for (int i = 0; i < 100; i++) {
      try (RedisClient redis = RedisClient.connect("127.0.0.1", port, null)) {
        redis.call("PING");
        break;
      } catch (RuntimeException e) {
        Thread.sleep(50);
      }
    }
    try (RedisClient redis = RedisClient.connect("127.0.0.1", port, null)) {
      for (int i = 0; i < 10; i++) {
        redis.call("SET", "s" + i, "v" + i);
      }
      redis.call("HSET", "h", "f", "v");
      redis.call("EXPIRE", "h", "3600");
      redis.call("RPUSH", "l", "a", "b");
      redis.call("PEXPIRE", "l", "3600000");
      redis.call("SELECT", "1");
      redis.call("SET", "elsewhere", "x"); // other databases are not counted
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (server == null) {
      return;
    }
    server.destroy();
    server.waitFor(10, TimeUnit.SECONDS);
  }

  @Test
  void headerStatesDatabaseZerosKeysAndExpires() throws Exception {
    Path rdb = dir.resolve("snap.rdb");
    Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "--rdb", rdb.toString())
        .redirectErrorStream(true).start();
    cli.getInputStream().readAllBytes();
    assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
    byte[] bytes = Files.readAllBytes(rdb);

    assertThat(RdbHeader.looksLikeRdb(bytes)).isTrue();
    assertThat(RdbHeader.parse(bytes)).get().satisfies(h -> {
      assertThat(h.keys()).isEqualTo(12);
      assertThat(h.expires()).isEqualTo(2);
    });
    assertThat(RdbHeader.parse(new byte[] {'R', 'E', 'D', 'I', 'S'})).isEmpty();
    assertThat(RdbHeader.parse(java.util.Arrays.copyOf(bytes, 40))).as("cut short").isEmpty();
  }

  @Test
  void sampleRecordsTypeAndTtlClassAndComparesThem() {
    try (RedisClient redis = RedisClient.connect("127.0.0.1", port, null)) {
      List<KeySample.Key> sample = KeySample.take(redis, 100);
      assertThat(sample).hasSize(12);
      Map<String, Long> counts = KeySample.rowCounts(12, 2, sample);
      assertThat(counts.get("key:hash:h")).isGreaterThan(System.currentTimeMillis());
      assertThat(counts.get("key:string:s3")).isEqualTo(-1L);
      assertThat(KeySample.sampled(counts)).containsExactlyInAnyOrderElementsOf(sample);
      assertThat(KeySample.compare(redis, counts).mismatches()).isEmpty();

      try {
        redis.call("PERSIST", "h");
        redis.call("DEL", "s3");
        assertThat(KeySample.compare(redis, counts).mismatches()).as("11 keys: one with a TTL may have expired")
            .containsExactlyInAnyOrder("key 'h' lost its TTL", "key 's3' (string) is missing");
        assertThat(KeySample.compare(redis, KeySample.rowCounts(20, 2, List.of())).mismatches())
            .containsExactly("DBSIZE is 11, the backup holds 20 keys (2 with a TTL, which may have expired since)");
      } finally {
        redis.call("SET", "s3", "v3");
        redis.call("EXPIRE", "h", "3600");
      }
    }
  }
}
