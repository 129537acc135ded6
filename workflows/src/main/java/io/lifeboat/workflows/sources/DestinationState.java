package io.lifeboat.workflows.sources;

/**
 * What a destination holds before a restore.
 *
 * @param name how messages name it ("database shop", "the original paths of docs")
 * @param holdsData whether restoring replaces data there, which must be asked for
 * @param description what is there, for the run's step ("12 tables, 3 MB", "does not exist")
 * @param safetyBackup whether a safety backup of it can be taken before it is replaced; when not,
 *     the replaced data is kept beside until the restore has succeeded
 */
public record DestinationState(String name, boolean holdsData, String description, boolean safetyBackup) {}
