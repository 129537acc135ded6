package io.lifeboat.workflows.cluster;

import java.time.Instant;

/**
 * A recovered, promoted server.
 *
 * @param lastTransactionAt commit time of the last transaction replayed; null when none was
 * @param lsn the WAL position it stopped replaying at
 * @param databases databases that answered a query
 */
public record RecoveredServer(String dataDirectory, int port, Instant lastTransactionAt, String lsn, long timeline,
    int databases) {}
