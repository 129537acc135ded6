package io.lifeboat.workflows.sources;

/**
 * Where a restore puts a backup of {@code source}: {@code place} is what the source's kind restores
 * into — a database on the target's server, a directory — or null for the target's own place (its
 * configured database, its original paths, its server).
 */
public record Destination(TargetRef source, String place) {
  public String target() {
    return source.target();
  }
}
