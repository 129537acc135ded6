package io.lifeboat.workflows.sources;

/**
 * A backup restored beside its destination, not yet in place.
 *
 * @param where the staging database, schema, directory or file
 * @param summary what was restored, for the run's step
 */
public record Staged(String where, String summary) {}
