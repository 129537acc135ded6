package io.lifeboat.workflows.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.workflows.retention.RetentionPolicy.Interval;
import io.lifeboat.workflows.retention.RetentionPolicy.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules one at a time, on small histories an operator can check by hand. */
class RetentionPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private static BackupFacts backup(String id, String at) {
    return new BackupFacts(id, "pg-dump", Instant.parse(at), true, List.of(), false, null);
  }

  /** One backup a day at 02:00 for {@code days} days up to today, verified. */
  private static List<BackupFacts> daily(int days) {
    List<BackupFacts> backups = new ArrayList<>();
    for (int i = 0; i < days; i++) {
      Instant at = Instant.parse("2026-11-22T02:00:00Z").minus(Duration.ofDays(i));
      backups.add(new BackupFacts("d" + i, "pg-dump", at, true, List.of(), false, null));
    }
    return backups;
  }

  private static RetentionPolicy only(int keepLast, int hourly, int daily, int weekly, int monthly, int yearly) {
    return new RetentionPolicy(keepLast, hourly, daily, weekly, monthly, yearly, null, List.of());
  }

  @Test
  void keepLastKeepsTheNewestAndSaysSo() {
    RetentionPlan plan = only(2, 0, 0, 0, 0, 0).apply(daily(5), NOW);
    assertThat(plan.kept()).extracting(Decision::backupId).containsExactly("d0", "d1");
    assertThat(plan.decisions().get(0).keptBy()).containsExactly("newest", "newest verified", "last 2");
    assertThat(plan.decisions().get(1).keptBy()).containsExactly("last 2");
    assertThat(plan.toDelete()).extracting(Decision::backupId).containsExactly("d2", "d3", "d4");
  }

  @Test
  void dailyKeepsTheNewestBackupOfEachDay() {
    List<BackupFacts> backups = List.of(
        backup("a", "2026-11-22T10:00:00Z"), backup("b", "2026-11-22T02:00:00Z"),
        backup("c", "2026-11-21T23:00:00Z"), backup("d", "2026-11-21T01:00:00Z"),
        backup("e", "2026-11-19T05:00:00Z"));
    RetentionPlan plan = only(0, 0, 3, 0, 0, 0).apply(backups, NOW);
    assertThat(plan.kept()).extracting(Decision::backupId).containsExactly("a", "c", "e");
    assertThat(plan.decisions().get(2).keptBy()).containsExactly("daily 2026-11-21");
    // the third day with a backup, not the third calendar day
    assertThat(plan.decisions().get(4).keptBy()).containsExactly("daily 2026-11-19");
  }

  @Test
  void weeksAreIsoWeeksStartingOnMonday() {
    List<BackupFacts> backups = List.of(
        backup("sun", "2026-11-22T02:00:00Z"), backup("mon", "2026-11-16T02:00:00Z"),
        backup("prev-sun", "2026-11-15T02:00:00Z"));
    RetentionPlan plan = only(0, 0, 0, 2, 0, 0).apply(backups, NOW);
    assertThat(plan.kept()).extracting(Decision::backupId).containsExactly("sun", "prev-sun");
    assertThat(plan.decisions().get(2).keptBy()).containsExactly("weekly 2026-W46");
  }

  @Test
  void seedTiersKeepThirtyDailiesTwelveWeekliesTwelveMonthliesAndSevenYearlies() {
    RetentionPlan plan = RetentionPolicy.seedTiers().apply(daily(10 * 365), NOW);
    // 30 days (Oct 24 - Nov 22); ISO weeks W36-W42 add 7; Sep 2026 back to Dec 2025 add 10;
    // years 2020-2024 add 5 (2025's newest, Dec 31, is already December's).
    assertThat(plan.kept()).hasSize(30 + 7 + 10 + 5);
    assertThat(plan.kept().get(plan.kept().size() - 1).keptBy()).containsExactly("tier yearly 7: 2020");
    // No backup older than the yearly window survives.
    assertThat(plan.kept()).allMatch(d -> !d.recoveryPoint().isBefore(Instant.parse("2020-01-01T00:00:00Z")));
  }

  @Test
  void tiersCountCalendarPeriodsSoAGapIsNotFilledFromFurtherBack() {
    List<BackupFacts> backups = List.of(backup("today", "2026-11-22T02:00:00Z"), backup("old", "2026-10-01T02:00:00Z"));
    RetentionPolicy daily7 = new RetentionPolicy(0, 0, 0, 0, 0, 0, null, List.of(new Tier(Interval.DAILY, 7)));
    assertThat(daily7.apply(backups, NOW).toDelete()).extracting(Decision::backupId).containsExactly("old");
    // whereas keep-daily 7 counts days that have a backup
    assertThat(only(0, 0, 7, 0, 0, 0).apply(backups, NOW).toDelete()).isEmpty();
  }

  @Test
  void keepWithinKeepsEverythingYoungerThanTheDuration() {
    RetentionPolicy twoDays = new RetentionPolicy(0, 0, 0, 0, 0, 0, Duration.ofHours(48), List.of());
    RetentionPlan plan = twoDays.apply(daily(5), NOW);
    assertThat(plan.kept()).extracting(Decision::backupId).containsExactly("d0", "d1"); // d2 is 58 h old
    assertThat(plan.decisions().get(1).keptBy()).containsExactly("within 48h");
  }

  @Test
  void theNewestVerifiedBackupSurvivesEvenWhenNewerOnesAreUnverified() {
    List<BackupFacts> backups = List.of(
        new BackupFacts("new", "pg-dump", Instant.parse("2026-11-22T02:00:00Z"), false, List.of(), false, null),
        new BackupFacts("mid", "pg-dump", Instant.parse("2026-11-21T02:00:00Z"), false, List.of(), false, null),
        backup("old-verified", "2026-11-01T02:00:00Z"));
    RetentionPlan plan = RetentionPolicy.none().apply(backups, NOW);
    assertThat(plan.kept()).extracting(Decision::keptBy)
        .containsExactly(List.of("newest"), List.of("newest verified"));
    assertThat(plan.toDelete()).extracting(Decision::backupId).containsExactly("mid");
  }

  @Test
  void parentsOfKeptIncrementalsAreKeptTransitively() {
    List<BackupFacts> backups = List.of(
        new BackupFacts("inc2", "pg-incr", Instant.parse("2026-11-22T02:00:00Z"), true, List.of("inc1"), false, null),
        new BackupFacts("inc1", "pg-incr", Instant.parse("2026-11-21T02:00:00Z"), true, List.of("full"), false, null),
        backup("full", "2026-11-20T02:00:00Z"),
        backup("older", "2026-11-19T02:00:00Z"));
    RetentionPlan plan = only(1, 0, 0, 0, 0, 0).apply(backups, NOW);
    assertThat(plan.kept()).extracting(Decision::backupId).containsExactly("inc2", "inc1", "full");
    assertThat(plan.decisions().get(2).keptBy()).containsExactly("needed by inc1");
  }

  @Test
  void heldAndLockedBackupsAreKeptAndAnExpiredLockIsNot() {
    List<BackupFacts> backups = List.of(
        backup("newest", "2026-11-22T02:00:00Z"),
        new BackupFacts("held", "pg-dump", Instant.parse("2025-01-01T00:00:00Z"), true, List.of(), true, null),
        new BackupFacts("locked", "pg-dump", Instant.parse("2025-01-02T00:00:00Z"), true, List.of(), false,
            Instant.parse("2027-01-01T00:00:00Z")),
        new BackupFacts("expired", "pg-dump", Instant.parse("2025-01-03T00:00:00Z"), true, List.of(), false,
            Instant.parse("2026-01-01T00:00:00Z")));
    RetentionPlan plan = RetentionPolicy.none().apply(backups, NOW);
    assertThat(plan.toDelete()).extracting(Decision::backupId).containsExactly("expired");
    assertThat(plan.kept()).extracting(Decision::keptBy).contains(
        List.of("legal hold"), List.of("object lock until 2027-01-01T00:00:00Z"));
  }

  @Test
  void badPoliciesAndHistoriesAreRefused() {
    assertThatThrownBy(() -> only(-1, 0, 0, 0, 0, 0)).hasMessageContaining("negative");
    assertThatThrownBy(() -> RetentionPolicy.none().apply(
        List.of(backup("a", "2026-11-22T02:00:00Z"), backup("a", "2026-11-21T02:00:00Z")), NOW))
        .hasMessageContaining("listed twice");
  }
}
