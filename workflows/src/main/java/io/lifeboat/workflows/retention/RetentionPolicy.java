package io.lifeboat.workflows.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which backups of one target to keep, and why: of its own backups, and of each tenant schema's
 * apart (see {@link #apply}). Pure and deterministic (no clock: {@code now} is an argument), so
 * workflow code can run it.
 *
 * <ul>
 *   <li>{@code keepLast}: the newest N backups;
 *   <li>{@code keepHourly} … {@code keepYearly} (grandfather-father-son): the newest backup of
 *       each of the N most recent hours/days/ISO weeks/months/years that have a backup;
 *   <li>{@code keepWithin}: every backup whose recovery point is less than this before now;
 *   <li>{@code tiers}: the newest backup of each period among the last N calendar periods
 *       counted back from now (daily 30 = one a day for the last 30 days), as in the seeds.
 * </ul>
 *
 * <p>Whatever the rules say, these are never deleted: the newest backup and the newest verified
 * backup (of the target's own, and of each schema's), a backup under legal hold or whose Object Lock has not expired, and every backup a kept
 * backup needs (its parent, the WAL it replays), transitively. Periods are UTC calendar periods.
 * Zero (or null) turns a rule off; a policy with every rule off keeps only the guaranteed ones.
 */
public record RetentionPolicy(
    int keepLast,
    int keepHourly,
    int keepDaily,
    int keepWeekly,
    int keepMonthly,
    int keepYearly,
    Duration keepWithin,
    List<Tier> tiers) {

  /** A calendar period, in UTC. */
  public enum Interval {
    HOURLY,
    DAILY,
    WEEKLY,
    MONTHLY,
    YEARLY;

    /** Consecutive periods have consecutive indexes. */
    long index(Instant at) {
      LocalDateTime t = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
      return switch (this) {
        case HOURLY -> Math.floorDiv(at.getEpochSecond(), 3600);
        case DAILY -> t.toLocalDate().toEpochDay();
        // 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday (ISO).
        case WEEKLY -> Math.floorDiv(t.toLocalDate().toEpochDay() + 3, 7);
        case MONTHLY -> t.getYear() * 12L + t.getMonthValue() - 1;
        case YEARLY -> t.getYear();
      };
    }

    /** The period as an operator reads it: 2026-11-20T14, 2026-11-20, 2026-W47, 2026-11, 2026. */
    String label(Instant at) {
      LocalDateTime t = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
      return switch (this) {
        case HOURLY -> String.format("%sT%02d", t.toLocalDate(), t.getHour());
        case DAILY -> t.toLocalDate().toString();
        case WEEKLY -> String.format("%d-W%02d", t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        case MONTHLY -> String.format("%d-%02d", t.getYear(), t.getMonthValue());
        case YEARLY -> Integer.toString(t.getYear());
      };
    }

    String ruleName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The newest backup of each of the last {@code periods} calendar periods before now. */
  public record Tier(Interval interval, int periods) {}

  public RetentionPolicy {
    for (int n : new int[] {keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly}) {
      if (n < 0) {
        throw new IllegalArgumentException("retention counts must not be negative, was " + n);
      }
    }
    if (keepWithin != null && keepWithin.isNegative()) {
      throw new IllegalArgumentException("keepWithin must not be negative, was " + keepWithin);
    }
    tiers = tiers == null ? List.of() : List.copyOf(tiers);
    for (Tier tier : tiers) {
      if (tier.interval() == null || tier.periods() < 0) {
        throw new IllegalArgumentException("a tier needs an interval and a non-negative count, was " + tier);
      }
    }
  }

  /** Keeps only what is guaranteed (newest, newest verified, held, locked, needed). */
  public static RetentionPolicy none() {
    return new RetentionPolicy(0, 0, 0, 0, 0, 0, null, List.of());
  }

  /** The seeds' tiers: daily for 30 days, weekly for 12 weeks, monthly for 12 months, yearly for 7 years. */
  public static RetentionPolicy seedTiers() {
    return new RetentionPolicy(0, 0, 0, 0, 0, 0, null, List.of(
        new Tier(Interval.DAILY, 30), new Tier(Interval.WEEKLY, 12),
        new Tier(Interval.MONTHLY, 12), new Tier(Interval.YEARLY, 7)));
  }

  /**
   * Decides, for every backup of one target, keep or delete, with the rules that kept it. The
   * target's own backups and each tenant schema's are separate histories, each under the whole
   * policy (keepLast 3: the 3 newest of each), so a tenant's backups never push out the target's
   * own or another tenant's, and each history keeps its own newest and newest verified backup.
   * Deterministic: the same backups and {@code now} always give the same plan, in any input
   * order. Applying it to its own survivors at the same {@code now} deletes nothing more.
   */
  public RetentionPlan apply(List<BackupFacts> backups, Instant now) {
    // The target's own history first, then each schema's by name; newest first within each.
    Comparator<BackupFacts> order = Comparator.comparing(BackupFacts::schema, Comparator.nullsFirst(
            Comparator.<String>naturalOrder()))
        .thenComparing(BackupFacts::recoveryPoint, Comparator.reverseOrder())
        .thenComparing(BackupFacts::backupId, Comparator.reverseOrder());
    List<BackupFacts> ordered = new ArrayList<>(backups);
    ordered.sort(order);
    Map<String, List<String>> reasons = new LinkedHashMap<>();
    Map<String, List<BackupFacts>> histories = new LinkedHashMap<>();
    for (BackupFacts b : ordered) {
      if (reasons.put(b.backupId(), new ArrayList<>()) != null) {
        throw new IllegalArgumentException("backup " + b.backupId() + " is listed twice");
      }
      histories.computeIfAbsent(b.schema(), schema -> new ArrayList<>()).add(b);
    }
    for (List<BackupFacts> newestFirst : histories.values()) {
      keepByTheRules(newestFirst, now, reasons);
    }
    // Across histories: whatever a kept backup needs stays, whichever history it belongs to.
    keepWhatKeptBackupsNeed(ordered, reasons);

    List<Decision> decisions = new ArrayList<>(ordered.size());
    for (BackupFacts b : ordered) {
      List<String> why = reasons.get(b.backupId());
      decisions.add(new Decision(b.backupId(), b.recoveryPoint(), !why.isEmpty(), List.copyOf(why), b.schema()));
    }
    return new RetentionPlan(decisions);
  }

  /** The guarantees and rules over one history (the target's own backups, or one schema's), newest first. */
  private void keepByTheRules(List<BackupFacts> newestFirst, Instant now, Map<String, List<String>> reasons) {
    // Guarantees first, so they read first in a dry run.
    if (!newestFirst.isEmpty()) {
      reasons.get(newestFirst.get(0).backupId()).add("newest");
    }
    newestFirst.stream().filter(BackupFacts::verified).findFirst()
        .ifPresent(b -> reasons.get(b.backupId()).add("newest verified"));
    for (BackupFacts b : newestFirst) {
      if (b.legalHold()) {
        reasons.get(b.backupId()).add("legal hold");
      }
      if (b.lockedUntil() != null && b.lockedUntil().isAfter(now)) {
        reasons.get(b.backupId()).add("object lock until " + b.lockedUntil());
      }
    }

    for (int i = 0; i < Math.min(keepLast, newestFirst.size()); i++) {
      reasons.get(newestFirst.get(i).backupId()).add("last " + keepLast);
    }
    keepNewestPerPeriod(newestFirst, Interval.HOURLY, keepHourly, reasons);
    keepNewestPerPeriod(newestFirst, Interval.DAILY, keepDaily, reasons);
    keepNewestPerPeriod(newestFirst, Interval.WEEKLY, keepWeekly, reasons);
    keepNewestPerPeriod(newestFirst, Interval.MONTHLY, keepMonthly, reasons);
    keepNewestPerPeriod(newestFirst, Interval.YEARLY, keepYearly, reasons);
    if (keepWithin != null && !keepWithin.isZero()) {
      Instant since = now.minus(keepWithin);
      for (BackupFacts b : newestFirst) {
        if (b.recoveryPoint().isAfter(since)) {
          reasons.get(b.backupId()).add("within " + keepWithin.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
    for (Tier tier : tiers) {
      keepTier(newestFirst, tier, now, reasons);
    }
  }

  /** Restic's semantics: the newest backup of each of the {@code count} most recent periods that have one. */
  private static void keepNewestPerPeriod(
      List<BackupFacts> newestFirst, Interval interval, int count, Map<String, List<String>> reasons) {
    if (count == 0) {
      return;
    }
    Set<Long> seen = new HashSet<>();
    for (BackupFacts b : newestFirst) {
      if (seen.size() == count) {
        return;
      }
      if (seen.add(interval.index(b.recoveryPoint()))) {
        reasons.get(b.backupId()).add(interval.ruleName() + " " + interval.label(b.recoveryPoint()));
      }
    }
  }

  /** Calendar windows: the newest backup of each period among the last {@code periods} periods up to now's. */
  private static void keepTier(List<BackupFacts> newestFirst, Tier tier, Instant now, Map<String, List<String>> reasons) {
    if (tier.periods() == 0) {
      return;
    }
    long current = tier.interval().index(now);
    Set<Long> seen = new HashSet<>();
    for (BackupFacts b : newestFirst) {
      long index = tier.interval().index(b.recoveryPoint());
      // Backups from the future (clock skew) count as the current period.
      long age = Math.max(0, current - index);
      if (age < tier.periods() && seen.add(index)) {
        reasons.get(b.backupId()).add(
            "tier " + tier.interval().ruleName() + " " + tier.periods() + ": " + tier.interval().label(b.recoveryPoint()));
      }
    }
  }

  /** A kept backup is useless without its parent (and the WAL it replays): keep those, transitively. */
  private static void keepWhatKeptBackupsNeed(List<BackupFacts> newestFirst, Map<String, List<String>> reasons) {
    Map<String, BackupFacts> byId = new HashMap<>();
    newestFirst.forEach(b -> byId.put(b.backupId(), b));
    List<String> pending = new ArrayList<>();
    for (BackupFacts b : newestFirst) {
      if (!reasons.get(b.backupId()).isEmpty()) {
        pending.add(b.backupId());
      }
    }
    while (!pending.isEmpty()) {
      String kept = pending.remove(pending.size() - 1);
      for (String needed : byId.get(kept).needs()) {
        List<String> why = reasons.get(needed);
        if (why == null) {
          continue; // not a backup of this history (already gone, or another target's)
        }
        boolean wasKept = !why.isEmpty();
        String reason = "needed by " + kept;
        if (!why.contains(reason)) {
          why.add(reason);
        }
        if (!wasKept) {
          pending.add(needed);
        }
      }
    }
  }
}
