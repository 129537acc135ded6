package io.lifeboat.workflows.cluster;

/**
 * Where a verification test-restores a base backup: a fresh data directory and a free port on the
 * worker's machine.
 *
 * @param endLsn where the base backup becomes consistent: the recovery target
 */
public record ScratchServer(String target, String dataDirectory, int port, String endLsn) {}
