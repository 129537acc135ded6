package io.lifeboat.workflows.sources;

/**
 * A stored backup checked without restoring it: signature, every object's SHA-256, decryption.
 *
 * @param archiveEntries entries the kind's own check read (archive members, index entries)
 */
public record IntegrityReport(String target, int objectsChecked, long storedBytes, int archiveEntries,
    String summary) {}
