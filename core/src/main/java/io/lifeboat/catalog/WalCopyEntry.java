package io.lifeboat.catalog;

import java.time.Instant;

/**
 * How far an off-site location's copy of a cluster target's WAL archive is behind the primary's,
 * as the worker's WAL copier last found it.
 *
 * @param pending files archived in the primary and not (yet) intact at the location; -1 when the
 *     primary could not be listed (recording it keeps the count found before)
 * @param oldestPendingAt when the oldest of them was archived; null when none is pending
 * @param newestCopied the newest file intact at the location; null before the first
 * @param error why the last pass failed; null when it succeeded
 */
public record WalCopyEntry(String target, String location, int pending, Instant oldestPendingAt,
    String newestCopied, Instant checkedAt, String error) {}
