package io.lifeboat.activities.kubernetes;

import io.lifeboat.activities.sources.DeclaredDestination;
import io.lifeboat.workflows.sources.SourceKinds;
import java.util.Map;

/**
 * A cluster declared under {@code destinations:} (kind: kubernetes): how to reach it, and the
 * namespace each backed-up namespace is restored into (one not mapped keeps its name).
 */
public record KubernetesDestination(KubernetesConnection connection, Map<String, String> namespaces)
    implements DeclaredDestination {
  public KubernetesDestination {
    namespaces = Map.copyOf(namespaces);
  }

  @Override
  public String kind() {
    return SourceKinds.KUBERNETES;
  }
}
