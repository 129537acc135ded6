package io.lifeboat.activities.notify;

import io.lifeboat.activities.files.FileChanges;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.catalog.StoredBytesAt;
import io.lifeboat.catalog.TargetStorage;
import io.lifeboat.config.NotificationSeverity;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.backup.CatalogActivities.RunRecord;
import io.lifeboat.workflows.common.RunStatus;
import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.drill.DrillWorkflow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the start and end of a run call for: a failed backup, verification, restore, drill or runbook is
 * critical; after a backup, its target's recovery point older than the RPO is critical, and a
 * successful backup unusually slow or sized (against the target's own last backups) a warning;
 * routine success is info; after a successful backup, its target's storage above 80% or 90% of its
 * quota is a warning or critical ({@link StorageQuotaEvent}). Lasting conditions (scratch disks,
 * off-site copies behind) are followed by {@link ConditionLevels}; this class says which runs check
 * them.
 */
final class RunEvents {
  private final Catalog catalog;
  private final Map<String, ? extends TargetConfig> targets;
  private final int history;
  private final Clock clock;

  RunEvents(Catalog catalog, Map<String, ? extends TargetConfig> targets, int history, Clock clock) {
    this.catalog = catalog;
    this.targets = targets;
    this.history = history;
    this.clock = clock;
  }

  List<NotificationEvent> of(RunRecord run, List<String> warnings) {
    String noun = switch (run.type()) {
      case BACKUP -> "backup";
      case VERIFY -> "verification";
      case RESTORE -> "restore";
      case DRILL -> "drill";
      case RUNBOOK -> "runbook";
      default -> null;
    };
    if (noun == null || run.status() == RunStatus.RUNNING || inDrill(run)) {
      return List.of();
    }
    String runKey = RunEntry.runId(run.workflowId(), run.runId());
    String subject = run.target() != null ? noun + " of " + run.target()
        : run.reason() != null ? run.reason() : noun + " " + run.workflowId();
    List<NotificationEvent> events = new ArrayList<>();
    if (run.notApproved()) {
      events.add(event(noun + "-not-approved", NotificationSeverity.WARNING, run, runKey,
          subject + " ended at its approval gate; nothing was changed",
          Objects.requireNonNullElse(run.error(), "rejected, or nobody approved it in time")));
    } else if (run.status() == RunStatus.FAILED) {
      events.add(event(noun + "-failed", NotificationSeverity.CRITICAL, run, runKey,
          subject + " failed", Objects.requireNonNullElse(run.error(), "no error was recorded")));
    } else {
      events.add(event(noun + "-succeeded", NotificationSeverity.INFO, run, runKey, subject + " succeeded",
          "run " + run.workflowId() + " completed"));
      if (run.type() == RunType.BACKUP && run.backupId() != null) {
        anomalies(run, runKey).forEach(events::add);
        storageQuota(run, runKey).ifPresent(events::add);
        warnings.stream().filter(w -> w.startsWith(FileChanges.UNEXPECTED_MODIFICATION)).findFirst()
            .ifPresent(w -> events.add(event("config-changed", NotificationSeverity.WARNING, run, runKey,
                "configuration tree " + run.target() + " changed unexpectedly",
                "Backup " + run.backupId() + " found an " + w + ". If nobody changed it on purpose, compare"
                    + " with the previous backup before trusting the running configuration.")));
      }
    }
    if (run.type() == RunType.BACKUP && run.target() != null) {
      rpoBreach(run).ifPresent(events::add);
    }
    return events;
  }

  /** Whether the start of {@code run} checks its scratch disks: a backup, verification, restore or drill. */
  static boolean writesScratch(RunRecord run) {
    boolean writes = switch (run.type()) {
      case BACKUP, VERIFY, RESTORE, DRILL -> true;
      default -> false;
    };
    return writes && !inDrill(run);
  }

  /** Whether the end of {@code run} checks its target's off-site copies: a backup or a copies sync of a target. */
  static boolean movesCopies(RunRecord run) {
    return run.target() != null && (run.type() == RunType.BACKUP || run.type() == RunType.REPLICATION);
  }

  /** A restore a drill's rehearsal ran in its scratch environment: the drill's own end says how it went. */
  private static boolean inDrill(RunRecord run) {
    return run.workflowId().contains(DrillWorkflow.rehearsalId("") + ":");
  }

  private List<NotificationEvent> anomalies(RunRecord run, String runKey) {
    List<NotificationEvent> events = new ArrayList<>();
    if (run.endedAt() != null) {
      List<Long> durations = catalog.listRuns(run.target(), RunEntry.Type.BACKUP, RunEntry.Status.COMPLETED,
              history(run) + 1)
          .stream()
          .filter(r -> !r.runId().equals(runKey) && r.endedAt() != null)
          .limit(history(run))
          .map(r -> Duration.between(r.startedAt(), r.endedAt()).toMillis())
          .toList();
      BackupAnomalyJudge.slow(durations, Duration.between(run.startedAt(), run.endedAt()).toMillis())
          .ifPresent(why -> events.add(event("backup-slow", NotificationSeverity.WARNING, run, runKey,
              "backup of " + run.target() + " succeeded but was unusually slow", "It " + why + ".")));
    }
    catalog.findBackup(run.backupId()).ifPresent(current -> {
      List<BackupEntry> previous = catalog.listBackups(run.target(), 4 * history(run) + 1).stream()
          .filter(b -> b.status() == BackupEntry.Status.COMPLETED && !b.backupId().equals(current.backupId())
              && b.kind().equals(current.kind()) && Objects.equals(b.schema(), current.schema()))
          .limit(history(run))
          .toList();
      List<String> why = new ArrayList<>();
      BackupAnomalyJudge.size("raw size", previous.stream().map(BackupEntry::rawBytes).toList(), current.rawBytes())
          .ifPresent(why::add);
      BackupAnomalyJudge.size("stored size", previous.stream().map(BackupEntry::storedBytes).toList(),
          current.storedBytes()).ifPresent(why::add);
      if (!why.isEmpty()) {
        events.add(event("backup-size-anomaly", NotificationSeverity.WARNING, run, runKey,
            "backup " + current.backupId() + " of " + run.target() + " has an unusual size",
            "Its " + String.join("; its ", why) + ". Check the source (a broken export, or data encrypted"
                + " by ransomware) before relying on it."));
      }
    });
    return events;
  }

  /** Its target's backups above 80% or 90% of its {@code storageQuota}, with the forecast; nothing without a quota. */
  private Optional<NotificationEvent> storageQuota(RunRecord run, String runKey) {
    TargetConfig target = targets.get(run.target());
    if (target == null || target.getStorageQuota() == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    List<StoredBytesAt> history = TargetStorage.history(catalog, run.target(), now);
    return StorageQuotaEvent.of(run.target(), TargetStorage.of(catalog, run.target(), target, history), history,
        runKey, now);
  }

  /** How many last backups of the run's target are compared: its own {@code anomaly.history}, else the default. */
  private int history(RunRecord run) {
    TargetConfig target = targets.get(run.target());
    return target != null && target.getAnomaly() != null ? target.getAnomaly().getHistory() : history;
  }

  /** Keyed by the newest backup, not the run: one breach is one incident however many runs fail during it. */
  private Optional<NotificationEvent> rpoBreach(RunRecord run) {
    TargetConfig target = targets.get(run.target());
    if (target == null || target.getRpo() == null) {
      return Optional.empty();
    }
    Duration rpo = target.getRpo().toJavaDuration();
    Instant now = clock.instant();
    Optional<BackupEntry> newest = catalog.latestBackup(run.target());
    if (newest.isPresent() && !newest.get().recoveryPoint().plus(rpo).isBefore(now)) {
      return Optional.empty();
    }
    String since = newest.map(b -> "its newest backup " + b.backupId() + " has the recovery point "
        + b.recoveryPoint() + ", " + Duration.between(b.recoveryPoint(), now).toSeconds() + " s ago")
        .orElse("it has no successful backup");
    String runKey = RunEntry.runId(run.workflowId(), run.runId());
    return Optional.of(new NotificationEvent("rpo-breached", NotificationSeverity.CRITICAL, run.target(),
        "RPO of " + run.target() + " breached",
        "The target's RPO is " + rpo.toSeconds() + " s and " + since + ".",
        "rpo-breached:" + run.target() + ":" + newest.map(BackupEntry::backupId).orElse("none"), runKey, now));
  }

  private NotificationEvent event(String name, NotificationSeverity severity, RunRecord run, String runKey,
      String summary, String details) {
    return new NotificationEvent(name, severity, run.target(), summary, details,
        name + ":" + (run.target() == null ? "-" : run.target()) + ":" + runKey, runKey, clock.instant());
  }
}
