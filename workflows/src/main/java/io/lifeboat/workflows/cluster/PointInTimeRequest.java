package io.lifeboat.workflows.cluster;

import java.time.Instant;

/**
 * Recover a cluster target to a point in time into a new data directory, served on {@code port}.
 *
 * @param backup base backup selector ("latest", an id); null or blank picks the newest base
 *     backup that ends before the target
 * @param dataDirectory where the recovered cluster goes: absent or empty
 * @param incidentAt when the incident was declared, for the achieved RTO; null: the start
 */
public record PointInTimeRequest(String target, RecoveryTarget to, String backup, String dataDirectory, int port,
    Instant incidentAt, String requestedBy) {}
