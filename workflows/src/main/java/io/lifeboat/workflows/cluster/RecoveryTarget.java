package io.lifeboat.workflows.cluster;

import java.time.Instant;

/**
 * Where a point-in-time recovery stops: exactly one of a time (the last transaction committed
 * at or before it is kept), a WAL position, or a restore point made with
 * {@code pg_create_restore_point}.
 */
public record RecoveryTarget(Instant time, String lsn, String name) {
  public static RecoveryTarget time(Instant time) {
    return new RecoveryTarget(time, null, null);
  }

  public static RecoveryTarget lsn(String lsn) {
    return new RecoveryTarget(null, lsn, null);
  }

  public static RecoveryTarget name(String name) {
    return new RecoveryTarget(null, null, name);
  }

  /** How many of the three are set; exactly one makes a target. */
  public int given() {
    return (time == null ? 0 : 1) + (lsn == null ? 0 : 1) + (name == null ? 0 : 1);
  }

  @Override
  public String toString() {
    return time != null ? "time " + time : lsn != null ? "LSN " + lsn : "restore point '" + name + "'";
  }
}
