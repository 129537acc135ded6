package io.lifeboat.api.wire;

/**
 * Body of {@code POST /recoveries}: a point-in-time recovery of a {@code postgres-cluster}
 * target into a new data directory. Exactly one of {@code toTime}, {@code toLsn} and
 * {@code toName} is given. Fields stay strings so a malformed one is reported by name.
 *
 * @param toTime ISO-8601 instant: keep every transaction committed up to it
 * @param toLsn a WAL position such as 0/3A000060
 * @param toName a restore point made with pg_create_restore_point
 * @param backup a base backup id; absent picks the newest that ends before the target
 * @param dataDirectory absolute path of a new (or empty) directory for the recovered cluster
 * @param port where the recovered server listens (on 127.0.0.1)
 * @param incidentAt when the incident was declared (ISO-8601 instant); the run's start if absent
 */
public record StartRecovery(String target, String toTime, String toLsn, String toName, String backup,
    String dataDirectory, Integer port, String incidentAt) {}
