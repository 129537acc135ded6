package io.lifeboat.workflows.sources;

/**
 * A backup restored into scratch (a database, a directory, a server Lifeboat started) and compared
 * with what it recorded; the scratch copy is gone when this is returned.
 */
public record TestRestoreReport(Comparison comparison, String summary) {}
