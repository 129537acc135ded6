package io.lifeboat.workflows.replication;

/**
 * One thing a sync did at one location: a backup, a target's WAL archive, or the location itself.
 *
 * @param item {@code backup <id>}, {@code WAL of <target>} or {@code location}
 * @param detail what was found or done, or why it failed
 */
public record CopySyncLine(String location, String item, Outcome outcome, String detail) {
  public enum Outcome { COPIED, ALREADY_THERE, FAILED }

  @Override
  public String toString() {
    return location + ": " + item + " " + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + (detail == null ? "" : " (" + detail + ")");
  }
}
