package io.lifeboat.activities.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lists a target's objects from its cluster, in declarative form ({@link DeclarativeForm}) and in
 * restore order ({@link #ORDER}). The objects are held while listed: a namespace's declarations are
 * bounded by what etcd holds (megabytes, not the volumes' data).
 */
final class ClusterExport {
  /** Restore order: by type ({@link ResourceKinds}), then namespace, kind and name. */
  static final Comparator<Map<String, Object>> ORDER = Comparator
      .<Map<String, Object>>comparingInt(o -> ResourceKinds.rank((String) o.get("apiVersion"), (String) o.get("kind")))
      .thenComparing(o -> String.valueOf(ResourceKinds.metadata(o, "namespace")))
      .thenComparing(o -> (String) o.get("kind"))
      .thenComparing(o -> ResourceKinds.metadata(o, "name"));

  private final KubernetesTarget target;
  private final KubernetesClient client;
  private final List<String> warnings = new ArrayList<>();

  ClusterExport(KubernetesTarget target, KubernetesClient client) {
    this.target = target;
    this.client = client;
  }

  /** Every object to back up, stripped and in restore order. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> objects() {
    List<String> kinds = target.resources();
    Set<String> namespaces = new TreeSet<>(target.namespaces());
    for (String namespace : target.namespaces()) {
      if (get(kind("Namespace"), null, namespace) == null) {
        throw ApplicationFailure.newNonRetryableFailure("namespace " + namespace + " does not exist on "
            + target.connection().describe() + "; nothing was stored. Fix namespaces: of target " + target.name()
            + ", or check the connection points at the right cluster", FailureTypes.BAD_REQUEST);
      }
    }
    List<Map<String, Object>> objects = new ArrayList<>();
    for (ResourceKind kind : ResourceKinds.BUILT_IN) {
      if (kind.namespaced() && kinds.contains(kind.name())) {
        objects.addAll(namespaced(kind, kind.name().equals("Secret")));
      }
    }
    List<Map<String, Object>> definitions = new ArrayList<>();
    if (kinds.contains(ResourceKinds.CUSTOM_RESOURCES) || kinds.contains("CustomResourceDefinition")) {
      for (Map<String, Object> crd : definitions()) {
        Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
        if (!"Namespaced".equals(spec.get("scope"))) {
          continue;
        }
        List<Map<String, Object>> resources = kinds.contains(ResourceKinds.CUSTOM_RESOURCES)
            ? namespaced(custom(spec), false) : List.of();
        objects.addAll(resources);
        if (!resources.isEmpty()) {
          definitions.add(crd);
        }
      }
    }
    objects.forEach(o -> namespaces.add(ResourceKinds.metadata(o, "namespace")));
    if (target.helmReleases()) {
      // with a selector alone, the releases of the namespaces it found objects in, not the whole cluster's
      objects.addAll(helmReleases().stream()
          .filter(r -> namespaces.contains(ResourceKinds.metadata(r, "namespace"))).toList());
    }
    if (kinds.contains("Namespace")) {
      for (String namespace : namespaces) {
        objects.add(get(kind("Namespace"), null, namespace));
      }
    }
    if (target.clusterResources()) {
      if (kinds.contains("CustomResourceDefinition")) {
        objects.addAll(definitions);
      }
      objects.addAll(clusterRbac(objects, namespaces));
    }
    List<Map<String, Object>> exported = new ArrayList<>();
    for (Map<String, Object> object : objects) {
      if (object != null && DeclarativeForm.exported(object)) {
        exported.add(DeclarativeForm.strip(object));
      }
    }
    exported.sort(ORDER);
    return exported;
  }

  /** What an operator should know about this export (what could not be read and why). */
  List<String> warnings() {
    return List.copyOf(warnings);
  }

  /**
   * The cluster's CRDs, to find the custom resources in the namespaces. Listing them is a
   * cluster-wide read a namespace's own account often lacks: without {@code clusterResources}, a
   * refusal leaves the custom resources out with a warning instead of failing the backup.
   */
  private List<Map<String, Object>> definitions() {
    try {
      return list(kind("CustomResourceDefinition"), null, null);
    } catch (ApplicationFailure refused) {
      if (target.clusterResources() || !FailureTypes.INVALID_CONFIGURATION.equals(refused.getType())) {
        throw refused;
      }
      warnings.add("custom resources were not exported: " + refused.getOriginalMessage().replaceAll(
          "; grant the worker's account.*", "") + "; grant list on customresourcedefinitions, or leave"
          + " CustomResources out of resources:");
      return List.of();
    }
  }

  /** Objects of a namespaced type in the target's namespaces (or wherever its selector matches). */
  private List<Map<String, Object>> namespaced(ResourceKind kind, boolean secrets) {
    List<Map<String, Object>> found = new ArrayList<>();
    if (target.namespaces().isEmpty()) {
      found.addAll(list(kind, null, target.labelSelector()));
    } else {
      for (String namespace : target.namespaces()) {
        found.addAll(list(kind, namespace, target.labelSelector()));
      }
    }
    // Helm's release Secrets are exported on their own (helmReleases), whatever the selector
    return secrets ? found.stream().filter(o -> !DeclarativeForm.helmRelease(o)).toList() : found;
  }

  private List<Map<String, Object>> helmReleases() {
    ResourceKind secret = kind("Secret");
    List<Map<String, Object>> found = new ArrayList<>();
    if (target.namespaces().isEmpty()) {
      found.addAll(list(secret, null, "owner=helm"));
    } else {
      for (String namespace : target.namespaces()) {
        found.addAll(list(secret, namespace, "owner=helm"));
      }
    }
    return found.stream().filter(DeclarativeForm::helmRelease).toList();
  }

  /**
   * The ClusterRoles the namespaces' RoleBindings refer to, and the ClusterRoleBindings whose
   * subjects are service accounts of the namespaces with the ClusterRoles they grant; the cluster's
   * own roles ({@code system:*}, the bootstrapped {@code admin}, {@code edit}, {@code view}) are left
   * out: every cluster has them.
   */
  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> clusterRbac(List<Map<String, Object>> objects, Set<String> namespaces) {
    List<Map<String, Object>> rbac = new ArrayList<>();
    Set<String> clusterRoles = new LinkedHashSet<>();
    for (Map<String, Object> object : objects) {
      if ("RoleBinding".equals(object.get("kind")) && object.get("roleRef") instanceof Map<?, ?> ref
          && "ClusterRole".equals(ref.get("kind"))) {
        clusterRoles.add((String) ref.get("name"));
      }
    }
    if (target.resources().contains("ClusterRoleBinding")) {
      for (Map<String, Object> binding : list(kind("ClusterRoleBinding"), null, null)) {
        if (binding.get("subjects") instanceof List<?> subjects && subjects.stream().anyMatch(s ->
            s instanceof Map<?, ?> m && "ServiceAccount".equals(m.get("kind")) && namespaces.contains(m.get("namespace")))
            && !clusterOwn(binding)) {
          rbac.add(binding);
          clusterRoles.add((String) ((Map<String, Object>) binding.get("roleRef")).get("name"));
        }
      }
    }
    if (target.resources().contains("ClusterRole")) {
      for (String name : clusterRoles) {
        Map<String, Object> role = get(kind("ClusterRole"), null, name);
        if (role != null && !clusterOwn(role)) {
          rbac.add(role);
        }
      }
    }
    return rbac;
  }

  @SuppressWarnings("unchecked")
  private static boolean clusterOwn(Map<String, Object> object) {
    String name = ResourceKinds.metadata(object, "name");
    Object labels = ((Map<String, Object>) object.get("metadata")).get("labels");
    return name.startsWith("system:")
        || (labels instanceof Map<?, ?> l && "rbac-defaults".equals(l.get("kubernetes.io/bootstrapping")));
  }

  @SuppressWarnings("unchecked")
  private static ResourceKind custom(Map<String, Object> spec) {
    Map<String, Object> names = (Map<String, Object>) spec.get("names");
    String version = ((List<Map<String, Object>>) spec.get("versions")).stream()
        .filter(v -> Boolean.TRUE.equals(v.get("storage"))).map(v -> (String) v.get("name")).findFirst()
        .orElseGet(() -> (String) ((List<Map<String, Object>>) spec.get("versions")).get(0).get("name"));
    return new ResourceKind((String) names.get("kind"), spec.get("group") + "/" + version,
        (String) names.get("plural"), true);
  }

  private static ResourceKind kind(String name) {
    return ResourceKinds.BUILT_IN.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
  }

  private List<Map<String, Object>> list(ResourceKind kind, String namespace, String labelSelector) {
    return ApiFailures.call(target.connection(), "list " + kind.plural()
        + (namespace == null ? "" : " in namespace " + namespace), () -> {
          var operation = client.genericKubernetesResources(context(kind));
          var items = namespace != null
              ? (labelSelector == null ? operation.inNamespace(namespace).list()
                  : operation.inNamespace(namespace).withLabelSelector(labelSelector).list())
              : kind.namespaced()
                  ? (labelSelector == null ? operation.inAnyNamespace().list()
                      : operation.inAnyNamespace().withLabelSelector(labelSelector).list())
                  : (labelSelector == null ? operation.list() : operation.withLabelSelector(labelSelector).list());
          return items.getItems().stream().map(r -> map(r, kind)).toList();
        });
  }

  private Map<String, Object> get(ResourceKind kind, String namespace, String name) {
    return ApiFailures.call(target.connection(), "get " + kind.plural() + "/" + name, () -> {
      var operation = client.genericKubernetesResources(context(kind));
      GenericKubernetesResource found = namespace == null ? operation.withName(name).get()
          : operation.inNamespace(namespace).withName(name).get();
      return found == null ? null : map(found, kind);
    });
  }

  /** The object as a map, apiVersion and kind first (items of a list come without them). */
  @SuppressWarnings("unchecked")
  private Map<String, Object> map(GenericKubernetesResource resource, ResourceKind kind) {
    Map<String, Object> object = new java.util.LinkedHashMap<>();
    object.put("apiVersion", kind.apiVersion());
    object.put("kind", kind.name());
    object.putAll(client.getKubernetesSerialization().convertValue(resource, Map.class));
    object.put("apiVersion", kind.apiVersion());
    object.put("kind", kind.name());
    return object;
  }

  static ResourceDefinitionContext context(ResourceKind kind) {
    return new ResourceDefinitionContext.Builder().withGroup(kind.group()).withVersion(kind.version())
        .withKind(kind.name()).withPlural(kind.plural()).withNamespaced(kind.namespaced()).build();
  }
}
