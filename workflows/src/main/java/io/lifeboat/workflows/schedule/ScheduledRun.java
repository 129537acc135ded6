package io.lifeboat.workflows.schedule;

import java.util.Map;

/**
 * What one firing of a target's schedule does.
 *
 * @param action {@link #BACKUP}, {@link #VERIFY} (the target's newest backup, with a test
 *     restore), {@link #RETENTION}, {@link #TENANT_BACKUP} or {@link #DRILL}
 * @param schemas {@link #TENANT_BACKUP}: the pattern of the schemas to back up, one backup each;
 *     null for the other actions
 * @param concurrency {@link #TENANT_BACKUP}: tenant backups at a time; 0 leaves the workflow's default
 * @param runbook {@link #DRILL} of a runbook: its name ({@code target} is then null); null for a
 *     drill of the target and for the other actions
 * @param parameters {@link #DRILL} of a runbook: the drill's parameters; null otherwise
 */
public record ScheduledRun(String target, String schedule, String action, String reason, String schemas,
    int concurrency, String runbook, Map<String, String> parameters) {
  public static final String BACKUP = "backup";
  public static final String VERIFY = "verify";
  public static final String RETENTION = "retention";
  public static final String TENANT_BACKUP = "tenant-backup";
  /** A drill of the target's restore, or of a runbook, in a scratch environment. */
  public static final String DRILL = "drill";

  public ScheduledRun(String target, String schedule, String action, String reason, String schemas,
      int concurrency) {
    this(target, schedule, action, reason, schemas, concurrency, null, null);
  }

  /** A run of an action of the whole target (backup, verify, retention). */
  public ScheduledRun(String target, String schedule, String action, String reason) {
    this(target, schedule, action, reason, null, 0);
  }

  /** A drill of one target's restore ({@code runbook} null) or of a runbook with its parameters. */
  public static ScheduledRun drill(String target, String runbook, Map<String, String> parameters, String schedule) {
    return new ScheduledRun(target, schedule, DRILL, null, null, 0, runbook, parameters);
  }

  /** Who the runs it starts are recorded as requested by. */
  public String requestedBy() {
    return "schedule:" + schedule;
  }
}
