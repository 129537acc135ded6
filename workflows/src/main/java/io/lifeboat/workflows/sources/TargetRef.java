package io.lifeboat.workflows.sources;

/**
 * What a backup or a restore is of: a configured target, or one schema (a tenant) of a PostgreSQL
 * target.
 *
 * @param schema null for the whole target
 */
public record TargetRef(String target, String schema) {
  /** A whole target. */
  public static TargetRef of(String target) {
    return new TargetRef(target, null);
  }

  /** How messages and progress name it. */
  @Override
  public String toString() {
    return schema == null ? target : "schema " + schema + " of " + target;
  }
}
