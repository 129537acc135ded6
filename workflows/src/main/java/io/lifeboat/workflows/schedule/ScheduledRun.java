package io.lifeboat.workflows.schedule;

/**
 * What one firing of a target's schedule does.
 *
 * @param action {@link #BACKUP}, {@link #VERIFY} (the target's newest backup, with a test
 *     restore), {@link #RETENTION} or {@link #TENANT_BACKUP}
 * @param schemas {@link #TENANT_BACKUP}: the pattern of the schemas to back up, one backup each;
 *     null for the other actions
 * @param concurrency {@link #TENANT_BACKUP}: tenant backups at a time; 0 leaves the workflow's default
 */
public record ScheduledRun(String target, String schedule, String action, String reason, String schemas,
    int concurrency) {
  public static final String BACKUP = "backup";
  public static final String VERIFY = "verify";
  public static final String RETENTION = "retention";
  public static final String TENANT_BACKUP = "tenant-backup";

  /** A run of an action of the whole target (backup, verify, retention). */
  public ScheduledRun(String target, String schedule, String action, String reason) {
    this(target, schedule, action, reason, null, 0);
  }

  /** Who the runs it starts are recorded as requested by. */
  public String requestedBy() {
    return "schedule:" + schedule;
  }
}
