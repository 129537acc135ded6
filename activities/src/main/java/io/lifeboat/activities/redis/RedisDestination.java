package io.lifeboat.activities.redis;

import io.lifeboat.activities.sources.DeclaredDestination;
import io.lifeboat.workflows.sources.SourceKinds;

/**
 * Another Redis server declared under {@code destinations:}: where it listens, and how it is
 * stopped, fed its RDB (a file of this machine) and started again.
 */
public record RedisDestination(String host, int port, String password, RedisTarget.Restore restore)
    implements DeclaredDestination {
  @Override
  public String kind() {
    return SourceKinds.REDIS;
  }

  /** The target as restored onto this server: its name, sampling and objectives, this server's address. */
  RedisTarget receiving(RedisTarget target) {
    return new RedisTarget(target.name(), host, port, password, target.sampleKeys(), target.scratchDirectory(),
        restore, target.rpo(), target.rto());
  }
}
