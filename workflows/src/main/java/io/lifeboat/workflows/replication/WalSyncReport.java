package io.lifeboat.workflows.replication;

import java.util.List;

/**
 * A target's WAL archive at one location after a sync.
 *
 * @param files files in the primary archive
 * @param copied files written to the location
 * @param alreadyThere files found there, read back and intact
 * @param failures one line per file (or for the whole archive) that could not be copied, with the cause
 */
public record WalSyncReport(String target, String location, int files, int copied, int alreadyThere,
    List<String> failures) {}
