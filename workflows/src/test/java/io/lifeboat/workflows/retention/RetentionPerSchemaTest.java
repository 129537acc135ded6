package io.lifeboat.workflows.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A target with tenants: its own backups and each schema's are weighed apart, each under the whole
 * policy, on small histories an operator can check by hand.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RetentionPerSchemaTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  /** A verified backup of {@code schema} (null: of the whole target) at 02:00, {@code daysAgo} days before now. */
  private static BackupFacts backup(String id, String schema, int daysAgo) {
    return facts(id, schema == null ? "pg-dump" : "pg-schema", schema, daysAgo, true);
  }

  private static BackupFacts facts(String id, String kind, String schema, int daysAgo, boolean verified) {
    Instant at = Instant.parse("2026-11-22T02:00:00Z").minus(Duration.ofDays(daysAgo));
    return new BackupFacts(id, kind, at, verified, List.of(), false, null, schema);
  }

  private static RetentionPolicy keepLast(int n) {
    return new RetentionPolicy(n, 0, 0, 0, 0, 0, null, List.of());
  }

  private static List<BackupFacts> saas() {
    return List.of(
        backup("w0", null, 0), backup("w1", null, 1), backup("w2", null, 2),
        backup("a0", "tenant_a", 0), backup("a1", "tenant_a", 1), backup("a2", "tenant_a", 2),
        backup("a3", "tenant_a", 3),
        backup("b5", "tenant_b", 5));
  }

  @Test
  void keepLastKeepsTheNewestNOfTheTargetAndOfEachSchemaApart() {
    RetentionPlan plan = keepLast(2).apply(saas(), NOW);

    assertThat(plan.kept()).extracting(Decision::backupId).containsExactly("w0", "w1", "a0", "a1", "b5");
    assertThat(plan.toDelete()).extracting(Decision::backupId).containsExactly("w2", "a2", "a3");
    // the target's own first, then each schema by name, newest first within each
    assertThat(plan.decisions()).extracting(Decision::schema)
        .containsExactly(null, null, null, "tenant_a", "tenant_a", "tenant_a", "tenant_a", "tenant_b");
    // tenant_b's one old backup is its newest: the target's and tenant_a's newer ones do not push it out
    assertThat(plan.decisions().get(7).keptBy()).containsExactly("newest", "newest verified", "last 2");
  }

  @Test
  void eachSchemaKeepsItsOwnNewestVerifiedBackupWhateverTheOtherSchemasHave() {
    List<BackupFacts> backups = List.of(
        facts("a0", "pg-schema", "tenant_a", 0, false),
        facts("a1", "pg-schema", "tenant_a", 1, false),
        facts("a7", "pg-schema", "tenant_a", 7, true),
        facts("a9", "pg-schema", "tenant_a", 9, false),
        facts("b0", "pg-schema", "tenant_b", 0, true),
        facts("w0", "pg-dump", null, 0, true));

    RetentionPlan plan = keepLast(1).apply(backups, NOW);

    assertThat(plan.kept()).extracting(Decision::backupId, Decision::keptBy).containsExactly(
        tuple("w0", List.of("newest", "newest verified", "last 1")),
        tuple("a0", List.of("newest", "last 1")),
        tuple("a7", List.of("newest verified")),
        tuple("b0", List.of("newest", "newest verified", "last 1")));
    assertThat(plan.toDelete()).extracting(Decision::backupId).containsExactly("a1", "a9");
  }

  @Test
  void theTargetsOwnAndEachSchemasPlanAreWhatTheyWouldBeAlone() {
    RetentionPolicy policy = new RetentionPolicy(1, 0, 3, 2, 0, 0, Duration.ofDays(2), List.of());
    List<BackupFacts> all = new ArrayList<>();
    for (int day = 0; day < 40; day++) {
      all.add(backup("w" + day, null, day));
      all.add(backup("a" + day, "tenant_a", day));
      if (day % 3 == 0) {
        all.add(backup("b" + day, "tenant_b", day));
      }
    }

    RetentionPlan together = policy.apply(all, NOW);

    for (String schema : new String[] {null, "tenant_a", "tenant_b"}) {
      List<BackupFacts> alone = all.stream().filter(b -> Objects.equals(b.schema(), schema)).toList();
      assertThat(together.decisions()).filteredOn(d -> Objects.equals(d.schema(), schema))
          .as("the decisions of %s", schema).isEqualTo(policy.apply(alone, NOW).decisions());
    }
    // by age, as for whole-database dumps: within 2 days, the newest of 3 days and of 2 ISO weeks (Sunday the 15th)
    assertThat(together.kept()).filteredOn(d -> "tenant_a".equals(d.schema())).extracting(Decision::backupId)
        .containsExactly("a0", "a1", "a2", "a7");
  }

  @Test
  void aSchemasSafetyBackupsAreWeighedWithThatSchemasBackupsAsTheTargetsAreWithItsOwn() {
    List<BackupFacts> backups = List.of(
        facts("w-safety", "pg-safety", null, 0, false), backup("w1", null, 1), backup("w2", null, 2),
        facts("a-safety", "pg-schema-safety", "tenant_a", 0, false), backup("a1", "tenant_a", 1),
        backup("a2", "tenant_a", 2));

    RetentionPlan plan = keepLast(1).apply(backups, NOW);

    assertThat(plan.kept()).extracting(Decision::backupId).containsExactly("w-safety", "w1", "a-safety", "a1");
    assertThat(plan.decisions().get(3).keptBy()).isEqualTo(plan.decisions().get(0).keptBy())
        .containsExactly("newest", "last 1");
    assertThat(plan.toDelete()).extracting(Decision::backupId).containsExactly("w2", "a2");
  }

  @Test
  void thePlanIsTheSameInAnyInputOrderAndDeletesNothingMoreFromItsSurvivors() {
    RetentionPolicy policy = keepLast(2);
    RetentionPlan plan = policy.apply(saas(), NOW);
    List<BackupFacts> shuffled = new ArrayList<>(saas());
    Collections.shuffle(shuffled, new Random(7));

    assertThat(policy.apply(shuffled, NOW)).isEqualTo(plan);
    List<String> kept = plan.kept().stream().map(Decision::backupId).toList();
    List<BackupFacts> survivors = saas().stream().filter(b -> kept.contains(b.backupId())).toList();
    assertThat(policy.apply(survivors, NOW).toDelete()).isEmpty();
  }
}
