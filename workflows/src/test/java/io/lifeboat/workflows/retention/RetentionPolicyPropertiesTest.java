package io.lifeboat.workflows.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.workflows.retention.RetentionPolicy.Interval;
import io.lifeboat.workflows.retention.RetentionPolicy.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The hard guarantees of retention, checked over thousands of random histories and policies
 * (seeded, so a failure reproduces: the message names the iteration).
 */
class RetentionPolicyPropertiesTest {
  private static final int HISTORIES = 3_000;
  private static final Instant NOW = Instant.parse("2026-11-22T03:17:00Z");

  @Test
  void guaranteesHoldOverRandomHistories() {
    Random random = new Random(20261122L);
    for (int i = 0; i < HISTORIES; i++) {
      List<BackupFacts> history = history(random);
      RetentionPolicy policy = policy(random);
      String context = "iteration " + i + ", policy " + policy;
      RetentionPlan plan = policy.apply(history, NOW);
      Map<String, Decision> decisions = plan.decisions().stream()
          .collect(Collectors.toMap(Decision::backupId, Function.identity()));
      Map<String, BackupFacts> byId = history.stream()
          .collect(Collectors.toMap(BackupFacts::backupId, Function.identity()));

      // One decision per backup; kept exactly when some rule kept it.
      assertThat(decisions.keySet()).as(context).isEqualTo(byId.keySet());
      plan.decisions().forEach(d -> assertThat(d.keep()).as(context).isEqualTo(!d.keptBy().isEmpty()));

      // The newest verified backup is never deleted; nor is the newest backup.
      newest(history.stream().filter(BackupFacts::verified).toList())
          .ifPresent(b -> assertThat(decisions.get(b.backupId()).keep()).as(context + " newest verified").isTrue());
      newest(history).ifPresent(b -> assertThat(decisions.get(b.backupId()).keep()).as(context + " newest").isTrue());

      // What a kept backup needs (its parent, its WAL) is kept too.
      for (Decision kept : plan.kept()) {
        for (String needed : byId.get(kept.backupId()).needs()) {
          if (decisions.containsKey(needed)) {
            assertThat(decisions.get(needed).keep())
                .as(context + ": " + needed + " is needed by kept " + kept.backupId()).isTrue();
          }
        }
      }

      // Legal holds and unexpired Object Locks are never deleted.
      for (BackupFacts b : history) {
        if (b.legalHold() || (b.lockedUntil() != null && b.lockedUntil().isAfter(NOW))) {
          assertThat(decisions.get(b.backupId()).keep()).as(context + " held " + b).isTrue();
        }
      }

      // keep-last N keeps the N newest.
      List<BackupFacts> newestFirst = newestFirst(history);
      for (int k = 0; k < Math.min(policy.keepLast(), newestFirst.size()); k++) {
        assertThat(decisions.get(newestFirst.get(k).backupId()).keep()).as(context + " last").isTrue();
      }

      // Idempotent: applying the policy to the survivors deletes nothing more.
      Set<String> survivors = plan.kept().stream().map(Decision::backupId).collect(Collectors.toSet());
      List<BackupFacts> remaining = history.stream().filter(b -> survivors.contains(b.backupId())).toList();
      assertThat(policy.apply(remaining, NOW).toDelete()).as(context + " second application").isEmpty();

      // Deterministic whatever the input order.
      List<BackupFacts> shuffled = new ArrayList<>(history);
      Collections.shuffle(shuffled, random);
      assertThat(policy.apply(shuffled, NOW)).as(context + " shuffled").isEqualTo(plan);
    }
  }

  @Test
  void anEmptyHistoryKeepsAndDeletesNothing() {
    assertThat(RetentionPolicy.seedTiers().apply(List.of(), NOW).decisions()).isEmpty();
  }

  private static java.util.Optional<BackupFacts> newest(List<BackupFacts> backups) {
    return newestFirst(backups).stream().findFirst();
  }

  private static List<BackupFacts> newestFirst(List<BackupFacts> backups) {
    return backups.stream().sorted(Comparator.comparing(BackupFacts::recoveryPoint)
        .thenComparing(BackupFacts::backupId).reversed()).toList();
  }

  /** Up to 300 backups over up to ten years, some incremental chains, verified, held and locked at random. */
  private static List<BackupFacts> history(Random random) {
    int count = random.nextInt(300);
    long span = switch (random.nextInt(4)) {
      case 0 -> Duration.ofDays(2).toSeconds();
      case 1 -> Duration.ofDays(120).toSeconds();
      case 2 -> Duration.ofDays(3 * 365).toSeconds();
      default -> Duration.ofDays(10 * 365).toSeconds();
    };
    double verifiedShare = random.nextDouble();
    double incrementalShare = random.nextDouble() * 0.7;
    List<BackupFacts> backups = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Some backups share a recovery point (ties must still be decided deterministically).
      times.add(i > 0 && random.nextInt(20) == 0 ? times.get(random.nextInt(i))
          : NOW.minusSeconds((long) (random.nextDouble() * span)).plusSeconds(random.nextInt(50) == 0 ? 3600 : 0));
    }
    times.sort(Comparator.naturalOrder());
    for (int i = 0; i < count; i++) {
      List<String> needs = new ArrayList<>();
      if (i > 0 && random.nextDouble() < incrementalShare) {
        needs.add("b" + random.nextInt(i)); // an older backup: its parent
        if (random.nextInt(10) == 0) {
          needs.add("gone-" + i); // a parent no longer in the history
        }
      }
      Instant lockedUntil = switch (random.nextInt(30)) {
        case 0 -> NOW.plus(Duration.ofDays(1 + random.nextInt(400)));
        case 1 -> NOW.minus(Duration.ofDays(1 + random.nextInt(400)));
        default -> null;
      };
      backups.add(new BackupFacts("b" + i, random.nextBoolean() ? "pg-dump" : "pg-safety", times.get(i),
          random.nextDouble() < verifiedShare, needs, random.nextInt(40) == 0, lockedUntil));
    }
    Collections.shuffle(backups, random);
    return backups;
  }

  private static RetentionPolicy policy(Random random) {
    if (random.nextInt(6) == 0) {
      return RetentionPolicy.seedTiers();
    }
    List<Tier> tiers = new ArrayList<>();
    for (Interval interval : Interval.values()) {
      if (random.nextInt(4) == 0) {
        tiers.add(new Tier(interval, random.nextInt(40)));
      }
    }
    return new RetentionPolicy(maybe(random, 10), maybe(random, 48), maybe(random, 40), maybe(random, 15),
        maybe(random, 24), maybe(random, 10),
        random.nextInt(3) == 0 ? Duration.ofHours(random.nextInt(24 * 90)) : null, tiers);
  }

  private static int maybe(Random random, int max) {
    return random.nextInt(3) == 0 ? random.nextInt(max + 1) : 0;
  }
}
