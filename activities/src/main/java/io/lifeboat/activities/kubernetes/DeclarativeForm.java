package io.lifeboat.activities.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * An object as it was declared, not as the cluster runs it: what the API server, the controllers
 * and the scheduler set is removed, so that the object can be created again in this cluster or
 * another. Each choice, and why:
 * <ul>
 *   <li>{@code status}: observed state, rebuilt by the controllers;
 *   <li>{@code metadata.uid, resourceVersion, generation, creationTimestamp, deletionTimestamp,
 *       deletionGracePeriodSeconds, managedFields, selfLink}: set by the API server, refused or
 *       meaningless on create;
 *   <li>{@code metadata.ownerReferences}: they name owners by uid, which a new cluster does not
 *       have; objects a controller owns are not exported at all ({@link #exported});
 *   <li>annotations {@code kubectl.kubernetes.io/last-applied-configuration} (a second copy of the
 *       object), {@code deployment.kubernetes.io/revision} (a counter of the controller), and the
 *       volume-binding ones ({@code pv.kubernetes.io/*}, {@code volume.*kubernetes.io/*}) that
 *       the binder sets again;
 *   <li>Service {@code spec.clusterIP(s)}, unless {@code None} (headless): allocated by the
 *       cluster, and another cluster's range differs;
 *   <li>PersistentVolumeClaim {@code spec.volumeName}: binding is redone against the new cluster's
 *       volumes (its data comes back through a {@code files} target or a CSI snapshot);
 *   <li>Job {@code spec.selector} and the {@code controller-uid}/{@code job-name} labels: generated
 *       from the Job's uid;
 *   <li>Namespace {@code spec} (only the {@code kubernetes} finalizer, set by the server).
 * </ul>
 */
final class DeclarativeForm {
  private static final List<String> SERVER_METADATA = List.of("uid", "resourceVersion", "generation",
      "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink",
      "ownerReferences");
  private static final List<String> SERVER_ANNOTATIONS = List.of(
      "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision",
      "pv.kubernetes.io/bind-completed", "pv.kubernetes.io/bound-by-controller",
      "volume.beta.kubernetes.io/storage-provisioner", "volume.kubernetes.io/storage-provisioner",
      "volume.kubernetes.io/selected-node");
  private static final List<String> JOB_LABELS = List.of("controller-uid", "batch.kubernetes.io/controller-uid",
      "job-name", "batch.kubernetes.io/job-name");

  /** The type of the Secrets Helm keeps each release revision in. */
  static final String HELM_RELEASE_TYPE = "helm.sh/release.v1";

  private DeclarativeForm() {}

  /**
   * Whether the object is exported: not when a controller owns it (a Job of a CronJob: the owner
   * re-creates it), nor the objects every namespace gets from the cluster itself (service-account
   * token Secrets, the {@code kube-root-ca.crt} ConfigMap, the {@code kubernetes} Service).
   */
  @SuppressWarnings("unchecked")
  static boolean exported(Map<String, Object> object) {
    Map<String, Object> metadata = map(object, "metadata");
    Object owners = metadata.get("ownerReferences");
    if (owners instanceof List<?> list
        && list.stream().anyMatch(o -> o instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("controller")))) {
      return false;
    }
    String kind = (String) object.get("kind");
    String name = (String) metadata.get("name");
    return switch (kind == null ? "" : kind) {
      case "Secret" -> !"kubernetes.io/service-account-token".equals(object.get("type"));
      case "ConfigMap" -> !"kube-root-ca.crt".equals(name);
      case "Service" -> !("kubernetes".equals(name) && "default".equals(metadata.get("namespace")));
      default -> true;
    };
  }

  /** Whether the object is a Helm release revision, kept whole but for its server-set metadata. */
  static boolean helmRelease(Map<String, Object> object) {
    return "Secret".equals(object.get("kind")) && HELM_RELEASE_TYPE.equals(object.get("type"));
  }

  /** Removes, in place, what the cluster set; returns the object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> strip(Map<String, Object> object) {
    object.remove("status");
    Map<String, Object> metadata = map(object, "metadata");
    SERVER_METADATA.forEach(metadata::remove);
    if (metadata.get("annotations") instanceof Map<?, ?> annotations) {
      SERVER_ANNOTATIONS.forEach(annotations::remove);
      if (annotations.isEmpty()) {
        metadata.remove("annotations");
      }
    }
    Map<String, Object> spec = object.get("spec") instanceof Map<?, ?> s ? (Map<String, Object>) s : null;
    switch (String.valueOf(object.get("kind"))) {
      case "Service" -> {
        if (spec != null && !"None".equals(spec.get("clusterIP"))) {
          spec.remove("clusterIP");
          spec.remove("clusterIPs");
        }
      }
      case "PersistentVolumeClaim" -> {
        if (spec != null) {
          spec.remove("volumeName");
        }
      }
      case "Job" -> {
        if (spec != null) {
          spec.remove("selector");
          if (spec.get("template") instanceof Map<?, ?> template
              && ((Map<String, Object>) template).get("metadata") instanceof Map<?, ?> templateMetadata
              && templateMetadata.get("labels") instanceof Map<?, ?> labels) {
            JOB_LABELS.forEach(labels::remove);
          }
        }
        if (metadata.get("labels") instanceof Map<?, ?> labels) {
          JOB_LABELS.forEach(labels::remove);
        }
      }
      case "Namespace" -> object.remove("spec");
      default -> { }
    }
    return object;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> object, String key) {
    Object value = object.get(key);
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    Map<String, Object> empty = new java.util.LinkedHashMap<>();
    object.put(key, empty);
    return empty;
  }
}
