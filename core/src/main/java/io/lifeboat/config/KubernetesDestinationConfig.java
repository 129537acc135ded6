package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Another Kubernetes cluster (or the same one) to restore into: how to reach its API server and
 * which namespace each backed-up namespace goes to ({@code namespaces: {shop: shop-restored}}); a
 * namespace not mapped keeps its name.
 */
public class KubernetesDestinationConfig extends DestinationConfig {
  /** How to reach the API server; absent: the in-cluster service account. */
  @Valid @NotNull @JsonProperty private KubernetesConnectionConfig connection = new KubernetesConnectionConfig();

  /** Backed-up namespace → the namespace it is restored into. */
  @NotNull @JsonProperty private Map<String, String> namespaces = new LinkedHashMap<>();

  @Override
  public String kind() {
    return KubernetesTargetConfig.KIND;
  }

  public KubernetesConnectionConfig getConnection() {
    return connection;
  }

  public void setConnection(KubernetesConnectionConfig connection) {
    this.connection = connection == null ? new KubernetesConnectionConfig() : connection;
  }

  public Map<String, String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(Map<String, String> namespaces) {
    this.namespaces = namespaces == null ? new LinkedHashMap<>() : namespaces;
  }
}
