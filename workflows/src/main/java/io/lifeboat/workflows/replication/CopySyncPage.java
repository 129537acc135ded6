package io.lifeboat.workflows.replication;

import java.util.List;

/**
 * What one page of a location's backups got from a sync: a line per backup copied or failed, and
 * only a count of those found intact, so a sync of thousands of backups that are mostly there
 * keeps a short history and a short report.
 *
 * @param lines one per backup copied or that could not be copied (with the cause)
 * @param alreadyThere backups of the page found intact at the location
 * @param next the id to pass as {@code after} for the next page; null when this page was the last
 */
public record CopySyncPage(List<CopySyncLine> lines, int alreadyThere, String next) {}
