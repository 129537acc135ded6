package io.lifeboat.activities.redis;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A declared Redis server: where it listens, how many keys the manifest samples, where
 * verifications run their scratch server, and (optionally) how to restore it.
 */
public record RedisTarget(String name, String host, int port, String password, int sampleKeys,
    Path scratchDirectory, Restore restore, Duration rpo, Duration rto) {

  /** Stop with {@code stopCommand}, replace {@code rdbPath}, start with {@code startCommand} ({@code sh -c}). */
  public record Restore(Path rdbPath, String stopCommand, String startCommand, Duration startTimeout) {}

  RedisClient connect() {
    return RedisClient.connect(host, port, password);
  }

  String where() {
    return name + " (" + host + ":" + port + ")";
  }
}
