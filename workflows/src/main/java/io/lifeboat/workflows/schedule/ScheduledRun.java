package io.lifeboat.workflows.schedule;

/**
 * What one firing of a target's schedule does.
 *
 * @param action {@link #BACKUP}, {@link #VERIFY} (the target's newest backup, with a test
 *     restore) or {@link #RETENTION}
 */
public record ScheduledRun(String target, String schedule, String action, String reason) {
  public static final String BACKUP = "backup";
  public static final String VERIFY = "verify";
  public static final String RETENTION = "retention";

  /** Who the runs it starts are recorded as requested by. */
  public String requestedBy() {
    return "schedule:" + schedule;
  }
}
