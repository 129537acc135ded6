package io.lifeboat.activities.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a test restore checks of each object without a cluster: declarative form and what creating it needs. */
final class Sanity {
  private static final List<String> SERVER_SET = List.of("uid", "resourceVersion", "managedFields",
      "creationTimestamp");

  private Sanity() {}

  @SuppressWarnings("unchecked")
  static List<String> problems(Map<String, Object> object) {
    List<String> problems = new ArrayList<>();
    RestorePlan.ObjectRef ref = RestorePlan.ObjectRef.of(object);
    if (object.containsKey("status")) {
      problems.add(ref + " has a status");
    }
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    SERVER_SET.stream().filter(metadata::containsKey).forEach(f -> problems.add(ref + " has metadata." + f));
    ResourceKinds.builtIn(ref.apiVersion(), ref.kind()).ifPresent(kind -> {
      if (kind.namespaced() != (ref.namespace() != null)) {
        problems.add(ref + (kind.namespaced() ? " has no namespace" : " is cluster-scoped but has a namespace"));
      }
    });
    return problems;
  }
}
