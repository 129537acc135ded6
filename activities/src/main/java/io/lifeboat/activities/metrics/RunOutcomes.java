package io.lifeboat.activities.metrics;

import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.workflows.drill.DrillWorkflow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Counts what runs achieved (docs/metrics.md, "Outcomes"), in the worker that records a run's end
 * in the catalog: once per run however often its workflow replays, because the catalog write says
 * whether it ended the run ({@link Catalog#recordRun}). Labels are bounded: a target the
 * configuration does not declare is {@code unknown}, and no backup or run id is ever a label.
 */
public final class RunOutcomes {
  /** What an unknown or unlearnt target, kind, runbook or drill subject is counted as. */
  public static final String UNKNOWN = "unknown";

  // From a quick file-set backup to a night-long dump: enough buckets to see "unusually slow".
  private static final Duration[] DURATION_BUCKETS = {Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
      Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(24)};

  private final MeterRegistry registry;
  private final Map<String, String> kindOfTarget;
  private final Catalog catalog;

  /** @param kindOfTarget every configured target's kind, by target name */
  public RunOutcomes(MeterRegistry registry, Map<String, String> kindOfTarget, Catalog catalog) {
    this.registry = registry;
    this.kindOfTarget = Map.copyOf(kindOfTarget);
    this.catalog = catalog;
  }

  /** Counts a run the catalog has just recorded as ended (COMPLETED or FAILED). */
  public void ended(RunEntry run) {
    ended(run, false);
  }

  /**
   * As {@link #ended(RunEntry)}; a run that ended at an approval gate (rejected, or nobody decided in
   * time) changed nothing and is counted as {@code result="not_approved"}, not as a failure. A run a
   * drill's rehearsal started in its scratch environment is not counted: the drill's own end is.
   */
  public void ended(RunEntry run, boolean notApproved) {
    if (run.status() == RunEntry.Status.RUNNING || run.endedAt() == null || inDrill(run)) {
      return;
    }
    String result = run.status() == RunEntry.Status.COMPLETED ? "success" : notApproved ? "not_approved" : "failure";
    Duration took = Duration.between(run.startedAt(), run.endedAt());
    switch (run.type()) {
      case BACKUP -> {
        Optional<BackupEntry> backup = backupOf(run);
        Tags tags = targetAndKind(run, backup).and("result", result);
        count("lifeboat.backups", "Backups ended, by target, kind and result", tags, took, "lifeboat.backup.duration");
        backup.filter(b -> run.status() == RunEntry.Status.COMPLETED).ifPresent(b -> {
          Tags of = targetAndKind(run, backup);
          bytes(of.and("stage", "raw"), b.rawBytes());
          bytes(of.and("stage", "stored"), b.storedBytes());
        });
      }
      case VERIFY -> count("lifeboat.verifications", "Verifications ended, by target, kind and result",
          targetAndKind(run, backupOf(run)).and("result", result), took, "lifeboat.verification.duration");
      case RESTORE -> count("lifeboat.restores", "Restores ended, by target, kind and result",
          targetAndKind(run, backupOf(run)).and("result", result), took, "lifeboat.restore.duration");
      case DRILL -> count("lifeboat.drills", "Drills ended, by what was drilled (a target or a runbook) and result",
          Tags.of("drill", drillOf(run), "result", result), took, "lifeboat.drill.duration");
      case RUNBOOK -> count("lifeboat.runbook.runs", "Runbook runs (recoveries) ended, by runbook and result",
          Tags.of("runbook", runbookOf(run), "result", result), took, "lifeboat.runbook.duration");
      default -> {
        // retention counts its deletions as they happen; replication, legal holds, tenant fan-outs: not outcomes
      }
    }
  }

  /** A run of a drill's rehearsal ({@code <drill>:rehearsal:...}): the rehearsal itself, its restores. */
  private static boolean inDrill(RunEntry run) {
    String rehearsal = DrillWorkflow.rehearsalId("");
    return run.type() != RunEntry.Type.DRILL
        && (run.runId().contains(rehearsal + ":") || run.runId().contains(rehearsal + "/"));
  }

  /** Counts one backup deleted by retention, once: when the catalog marked it DELETED. */
  public void retentionDeleted(String target) {
    Counter.builder("lifeboat.retention.deletions").description("Backups deleted by retention, by target")
        .tag("target", target(target)).register(registry).increment();
  }

  private void count(String name, String description, Tags tags, Duration took, String durationName) {
    Counter.builder(name).description(description).tags(tags).register(registry).increment();
    Timer.builder(durationName).description("How long they took, start to end, as the catalog recorded them")
        .tags(tags).serviceLevelObjectives(DURATION_BUCKETS).register(registry).record(took);
  }

  private void bytes(Tags tags, long amount) {
    Counter.builder("lifeboat.backup.bytes").baseUnit("bytes")
        .description("Bytes of successful backups: raw (as read from the source) and stored (compressed, encrypted)")
        .tags(tags).register(registry).increment(amount);
  }

  private Optional<BackupEntry> backupOf(RunEntry run) {
    return run.backupId() == null ? Optional.empty() : catalog.findBackup(run.backupId());
  }

  /**
   * A verification learns its target from the backup. The kind is the target's {@code kind} in the
   * configuration (postgres, files, ...): a backup that failed early has no catalog entry to say its
   * storage kind (pg-dump, ...), and one vocabulary keeps successes and failures in one series.
   */
  private Tags targetAndKind(RunEntry run, Optional<BackupEntry> backup) {
    String target = target(run.target() != null ? run.target() : backup.map(BackupEntry::target).orElse(null));
    return Tags.of("target", target, "kind", kindOfTarget.getOrDefault(target, UNKNOWN));
  }

  private String target(String name) {
    return name != null && kindOfTarget.containsKey(name) ? name : UNKNOWN;
  }

  /** From the run's workflow id, {@code runbook:<name>:<key>} (see RunbookWorkflow#workflowId). */
  static String runbookOf(RunEntry run) {
    String prefix = "runbook:";
    String id = run.runId();
    if (!id.startsWith(prefix)) {
      return UNKNOWN;
    }
    int end = id.indexOf(':', prefix.length());
    return end < 0 ? UNKNOWN : id.substring(prefix.length(), end);
  }

  /**
   * A drill's subject: the target for a drill of a target; otherwise the runbook its start named in
   * the run's reason, {@code drill of runbook <name>[: why]} (see DrillWorkflowImpl).
   */
  static String drillOf(RunEntry run) {
    String prefix = "drill of runbook ";
    String reason = run.reason();
    if (reason != null && reason.startsWith(prefix)) {
      String rest = reason.substring(prefix.length());
      int end = rest.indexOf(':');
      return end < 0 ? rest : rest.substring(0, end);
    }
    return run.target() != null ? run.target() : UNKNOWN;
  }
}
