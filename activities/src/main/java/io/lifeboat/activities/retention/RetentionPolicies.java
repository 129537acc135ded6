package io.lifeboat.activities.retention;

import io.lifeboat.config.RetentionConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.retention.RetentionPolicy;
import io.lifeboat.workflows.retention.RetentionPolicy.Interval;
import io.lifeboat.workflows.retention.RetentionPolicy.Tier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The declared targets' retention policies, from the configuration. */
public final class RetentionPolicies {
  private final Map<String, Optional<RetentionPolicy>> byTarget;

  public RetentionPolicies(Map<String, Optional<RetentionPolicy>> byTarget) {
    this.byTarget = Map.copyOf(byTarget);
  }

  public static RetentionPolicies from(Map<String, ? extends TargetConfig> targets) {
    Map<String, Optional<RetentionPolicy>> policies = new LinkedHashMap<>();
    targets.forEach((name, target) -> policies.put(name, Optional.ofNullable(target.getRetention()).map(RetentionPolicies::of)));
    return new RetentionPolicies(policies);
  }

  public static RetentionPolicy of(RetentionConfig config) {
    RetentionConfig.Tiers t = config.effectiveTiers();
    List<Tier> tiers = new ArrayList<>();
    add(tiers, Interval.HOURLY, t.getHourly());
    add(tiers, Interval.DAILY, t.getDaily());
    add(tiers, Interval.WEEKLY, t.getWeekly());
    add(tiers, Interval.MONTHLY, t.getMonthly());
    add(tiers, Interval.YEARLY, t.getYearly());
    return new RetentionPolicy(config.getKeepLast(), config.getKeepHourly(), config.getKeepDaily(),
        config.getKeepWeekly(), config.getKeepMonthly(), config.getKeepYearly(),
        config.getKeepWithin() == null ? null : config.getKeepWithin().toJavaDuration(), tiers);
  }

  public boolean declares(String target) {
    return byTarget.containsKey(target);
  }

  /** Empty when the target declares no retention (everything is kept). */
  public Optional<RetentionPolicy> of(String target) {
    return byTarget.getOrDefault(target, Optional.empty());
  }

  private static void add(List<Tier> tiers, Interval interval, Integer periods) {
    if (periods != null && periods > 0) {
      tiers.add(new Tier(interval, periods));
    }
  }
}
