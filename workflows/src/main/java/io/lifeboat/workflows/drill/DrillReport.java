package io.lifeboat.workflows.drill;

import java.time.Instant;
import java.util.List;

/**
 * What a drill did and achieved, as its JSON, Markdown and HTML reports show it. Durations are in
 * milliseconds; a measure is null when the drill did not get that far.
 *
 * @param drillId the drill's id, also its workflow id
 * @param subject the runbook's name, or the target's
 * @param ofTarget true when one target's restore was drilled rather than a runbook
 * @param passed every step done, every check passed, every objective met
 * @param verdict one line: "passed: RTO 42s of 2h, RPO 3m of 1h", or why it failed
 * @param achievedRtoMillis drill start → the last health check passed in scratch
 * @param achievedRpoMillis drill start − the oldest recovery point restored
 * @param scratch one line per scratch place created
 * @param kept the scratch environment was kept for inspection ({@code --keep})
 * @param teardown what removing the scratch environment did, or how to remove it when kept
 * @param covers every target whose restore the drill rehearsed, restored or not: a failed drill
 *     counts against each of them
 */
public record DrillReport(
    String drillId,
    String subject,
    boolean ofTarget,
    String startedBy,
    String reason,
    Instant startedAt,
    Instant endedAt,
    boolean passed,
    String verdict,
    Long rtoObjectiveMillis,
    Long rpoObjectiveMillis,
    Long achievedRtoMillis,
    Long achievedRpoMillis,
    Boolean rtoMet,
    Boolean rpoMet,
    List<Step> steps,
    List<Target> targets,
    List<Check> checks,
    List<String> scratch,
    boolean kept,
    String teardown,
    String failure,
    List<String> covers) {

  /** A report whose targets are those it restored (or, for a target's drill, that target). */
  public DrillReport(String drillId, String subject, boolean ofTarget, String startedBy, String reason,
      Instant startedAt, Instant endedAt, boolean passed, String verdict, Long rtoObjectiveMillis,
      Long rpoObjectiveMillis, Long achievedRtoMillis, Long achievedRpoMillis, Boolean rtoMet, Boolean rpoMet,
      List<Step> steps, List<Target> targets, List<Check> checks, List<String> scratch, boolean kept, String teardown,
      String failure) {
    this(drillId, subject, ofTarget, startedBy, reason, startedAt, endedAt, passed, verdict, rtoObjectiveMillis,
        rpoObjectiveMillis, achievedRtoMillis, achievedRpoMillis, rtoMet, rpoMet, steps, targets, checks, scratch,
        kept, teardown, failure,
        ofTarget ? List.of(subject) : targets.stream().map(Target::target).distinct().toList());
  }

  /** Where a drill's report is kept in the bucket: {@code _lifeboat/drills/<id>/report.<json|md|html>}. */
  public static String key(String drillId, String extension) {
    return "_lifeboat/drills/" + drillId + "/report." + extension;
  }

  /**
   * One step of the drilled runbook.
   *
   * @param state done, failed, skipped, recorded (what it would have done in production, not done)…
   * @param offsetMillis when it started, from the drill's start
   */
  public record Step(String name, String group, String type, String state, Instant startedAt, Instant endedAt,
      Long offsetMillis, Long durationMillis, int attempts, String detail, String error) {}

  /**
   * One target restored, with the objectives of the target itself.
   *
   * @param restoredMillis drill start → its restore done
   */
  public record Target(String target, String backupId, Instant recoveryPoint, Long achievedRpoMillis,
      Long rpoObjectiveMillis, Boolean rpoMet, Long restoredMillis, Long rtoObjectiveMillis, Boolean rtoMet) {}

  /**
   * A check of the restored data or the scratch service.
   *
   * @param what "row counts", "file hashes", "sampled keys", "health check"
   */
  public record Check(String step, String what, boolean passed, String detail) {}
}
