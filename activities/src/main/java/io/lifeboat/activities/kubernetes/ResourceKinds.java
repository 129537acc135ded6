package io.lifeboat.activities.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in resource types Lifeboat exports, in the order a restore applies them: definitions
 * and namespaces first, then what workloads refer to (accounts and RBAC, configuration and
 * secrets, claims, services), then the workloads, then what refers to workloads; custom resources
 * last, once their definitions and the workloads (often their operators) are back. Pods,
 * ReplicaSets and Endpoints are never exported: their controllers re-create them.
 */
public final class ResourceKinds {
  /** The {@code resources:} name of custom resources (those of every namespaced CRD). */
  public static final String CUSTOM_RESOURCES = "CustomResources";

  static final List<ResourceKind> BUILT_IN = List.of(
      new ResourceKind("CustomResourceDefinition", "apiextensions.k8s.io/v1", "customresourcedefinitions", false),
      new ResourceKind("Namespace", "v1", "namespaces", false),
      new ResourceKind("ServiceAccount", "v1", "serviceaccounts", true),
      new ResourceKind("ClusterRole", "rbac.authorization.k8s.io/v1", "clusterroles", false),
      new ResourceKind("ClusterRoleBinding", "rbac.authorization.k8s.io/v1", "clusterrolebindings", false),
      new ResourceKind("Role", "rbac.authorization.k8s.io/v1", "roles", true),
      new ResourceKind("RoleBinding", "rbac.authorization.k8s.io/v1", "rolebindings", true),
      new ResourceKind("ConfigMap", "v1", "configmaps", true),
      new ResourceKind("Secret", "v1", "secrets", true),
      new ResourceKind("PersistentVolumeClaim", "v1", "persistentvolumeclaims", true),
      new ResourceKind("Service", "v1", "services", true),
      new ResourceKind("Deployment", "apps/v1", "deployments", true),
      new ResourceKind("StatefulSet", "apps/v1", "statefulsets", true),
      new ResourceKind("DaemonSet", "apps/v1", "daemonsets", true),
      new ResourceKind("Job", "batch/v1", "jobs", true),
      new ResourceKind("CronJob", "batch/v1", "cronjobs", true),
      new ResourceKind("Ingress", "networking.k8s.io/v1", "ingresses", true),
      new ResourceKind("NetworkPolicy", "networking.k8s.io/v1", "networkpolicies", true),
      new ResourceKind("PodDisruptionBudget", "policy/v1", "poddisruptionbudgets", true),
      new ResourceKind("HorizontalPodAutoscaler", "autoscaling/v2", "horizontalpodautoscalers", true));

  private ResourceKinds() {}

  /** The built-in type of objects of this {@code apiVersion} and {@code kind}; empty for custom resources. */
  static Optional<ResourceKind> builtIn(String apiVersion, String kind) {
    return BUILT_IN.stream().filter(k -> k.name().equals(kind) && group(k.apiVersion()).equals(group(apiVersion)))
        .findFirst();
  }

  /** Where an object of this kind goes in a restore: lower first; custom resources after every built-in type. */
  static int rank(String apiVersion, String kind) {
    return builtIn(apiVersion, kind).map(BUILT_IN::indexOf).orElse(BUILT_IN.size());
  }

  static String group(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** The {@code name} of an object held as a map, or null. */
  @SuppressWarnings("unchecked")
  static String metadata(Map<String, Object> object, String field) {
    Object metadata = object.get("metadata");
    return metadata instanceof Map<?, ?> m ? (String) ((Map<String, Object>) m).get(field) : null;
  }
}
