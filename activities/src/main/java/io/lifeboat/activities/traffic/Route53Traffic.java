package io.lifeboat.activities.traffic;

import io.lifeboat.activities.runbook.PollPause;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.TrafficSwitch;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetFailover;

/**
 * Moves a DNS name between two Route 53 record sets of the same name, told apart by their set
 * identifiers ({@code from}, {@code to}). Weighted records: {@code from} gets weight 0 and
 * {@code to} the larger of the two weights (100 if both are 0). Failover records: {@code to}
 * becomes PRIMARY and {@code from} SECONDARY. Both records change in one batch, which Route 53
 * applies atomically; the switch is done when the change is INSYNC. Everything else about the
 * records (values, TTL, health checks) is kept. A switch already in place changes nothing.
 */
final class Route53Traffic {
  private static final Duration POLL = Duration.ofSeconds(2);
  private static final long DEFAULT_WEIGHT = 100;

  private final Supplier<Route53Client> build;
  private final Duration settleWithin;
  private Route53Client client;

  /** @param build called on first use, so a worker without AWS credentials fails only when a runbook uses Route 53 */
  Route53Traffic(Supplier<Route53Client> build, Duration settleWithin) {
    this.build = build;
    this.settleWithin = settleWithin;
  }

  private synchronized Route53Client client() {
    if (client == null) {
      client = build.get();
    }
    return client;
  }

  String redirect(TrafficSwitch change) {
    String zone = change.endpoint();
    String name = absolute(change.backend());
    try {
      Route53Client route53 = client();
      List<ResourceRecordSet> named = recordSets(route53, zone, name);
      ResourceRecordSet from = withIdentifier(named, change.from(), zone, name);
      ResourceRecordSet to = withIdentifier(named, change.to(), zone, name);
      List<ResourceRecordSet> switched = switched(from, to, zone, name);
      String where = "route53 " + zone + " " + name;
      if (switched.isEmpty()) {
        return where + " already sends traffic to " + change.to() + "; nothing changed";
      }
      String changeId = route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b
              .comment("lifeboat: traffic from " + change.from() + " to " + change.to())
              .changes(switched.stream()
                  .map(set -> Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(set).build())
                  .toList())))
          .changeInfo().id();
      awaitInSync(route53, changeId, where);
      return where + " moved traffic from " + change.from() + " to " + change.to() + " (" + describe(switched)
          + ", change " + changeId + " INSYNC)";
    } catch (SdkException e) {
      throw ApplicationFailure.newFailure("route53 " + zone + " " + name + ": " + e.getMessage(), FailureTypes.TOOL_FAILED);
    }
  }

  /** The records as they must be after the switch; empty if they already are. */
  private static List<ResourceRecordSet> switched(ResourceRecordSet from, ResourceRecordSet to, String zone,
      String name) {
    if (from.weight() != null && to.weight() != null) {
      if (from.weight() == 0 && to.weight() > 0) {
        return List.of();
      }
      long weight = Math.max(from.weight(), to.weight());
      return List.of(from.toBuilder().weight(0L).build(),
          to.toBuilder().weight(weight == 0 ? DEFAULT_WEIGHT : weight).build());
    }
    if (from.failover() != null && to.failover() != null) {
      if (to.failover() == ResourceRecordSetFailover.PRIMARY && from.failover() == ResourceRecordSetFailover.SECONDARY) {
        return List.of();
      }
      return List.of(from.toBuilder().failover(ResourceRecordSetFailover.SECONDARY).build(),
          to.toBuilder().failover(ResourceRecordSetFailover.PRIMARY).build());
    }
    throw ApplicationFailure.newNonRetryableFailure("route53 " + zone + " " + name + ": records " + from.setIdentifier()
        + " and " + to.setIdentifier() + " are neither both weighted nor both failover records",
        FailureTypes.BAD_REQUEST);
  }

  private static List<ResourceRecordSet> recordSets(Route53Client route53, String zone, String name) {
    List<ResourceRecordSet> named = new ArrayList<>();
    for (ResourceRecordSet set : route53.listResourceRecordSetsPaginator(r -> r.hostedZoneId(zone).startRecordName(name))
        .resourceRecordSets()) {
      if (!absolute(set.name()).equals(name)) {
        break;
      }
      named.add(set);
    }
    return named;
  }

  private static ResourceRecordSet withIdentifier(List<ResourceRecordSet> named, String identifier, String zone,
      String name) {
    return named.stream().filter(set -> identifier.equals(set.setIdentifier())).findFirst()
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("route53 " + zone + " has no record " + name
            + " with set identifier " + identifier + "; it has " + named.stream()
                .map(set -> set.setIdentifier() == null ? "one without a set identifier" : set.setIdentifier())
                .toList() + " (from and to name the set identifiers of two weighted or failover records)",
            FailureTypes.BAD_REQUEST));
  }

  private void awaitInSync(Route53Client route53, String changeId, String where) {
    long deadline = System.nanoTime() + settleWithin.toNanos();
    while (true) {
      ChangeStatus status = route53.getChange(r -> r.id(changeId)).changeInfo().status();
      if (status == ChangeStatus.INSYNC) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw ApplicationFailure.newFailure(where + ": change " + changeId + " still " + status + " after "
            + settleWithin.toSeconds() + "s", FailureTypes.TOOL_FAILED);
      }
      PollPause.between("change " + changeId + " " + status, POLL);
    }
  }

  private static String describe(List<ResourceRecordSet> sets) {
    return String.join(", ", sets.stream().map(set -> set.setIdentifier() + " "
        + (set.weight() != null ? "weight " + set.weight() : set.failover().toString())).toList());
  }

  /** Route 53 names end with a dot and compare case-insensitively. */
  private static String absolute(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower : lower + ".";
  }
}
