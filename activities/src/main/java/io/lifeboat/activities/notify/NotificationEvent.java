package io.lifeboat.activities.notify;

import io.lifeboat.config.NotificationSeverity;
import jakarta.annotation.Nullable;
import java.time.Instant;

/**
 * One thing worth telling someone, as every channel sends it.
 *
 * @param name what happened, e.g. {@code backup-failed}, {@code backup-slow}
 * @param target the target it is about; null when about none (a runbook)
 * @param summary one line an operator reads first
 * @param details the numbers or the error, possibly several sentences
 * @param dedupKey the same for the same event whatever retried it: {@code <name>:<target>:<run>}
 * @param run the catalog's id of the run that raised it, or what checked it ({@code watch})
 * @param resolved whether this says the condition raised under {@code dedupKey} has cleared (a
 *     disk with room again): PagerDuty resolves the incident, Alertmanager ends the alert
 */
public record NotificationEvent(
    String name,
    NotificationSeverity severity,
    @Nullable String target,
    String summary,
    String details,
    String dedupKey,
    String run,
    Instant at,
    boolean resolved) {
  /** An event that raises something (the usual case). */
  public NotificationEvent(String name, NotificationSeverity severity, @Nullable String target, String summary,
      String details, String dedupKey, String run, Instant at) {
    this(name, severity, target, summary, details, dedupKey, run, at, false);
  }
}
