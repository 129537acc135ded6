package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Namespaces of a Kubernetes cluster (or the objects a label selector picks), exported in
 * declarative form — status and server-set fields stripped — with their Helm release history, and
 * restored in dependency order into the same or other namespaces. PersistentVolume data is not in
 * it: back it up as a {@code files} target (a path) or with CSI VolumeSnapshots.
 */
public class KubernetesTargetConfig extends TargetConfig {
  public static final String KIND = "kubernetes";

  /** The resource types exported when {@code resources} is not set, in restore order. */
  public static final List<String> DEFAULT_RESOURCES = List.of("CustomResourceDefinition", "Namespace",
      "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ConfigMap", "Secret",
      "PersistentVolumeClaim", "Service", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob",
      "Ingress", "NetworkPolicy", "PodDisruptionBudget", "HorizontalPodAutoscaler", "CustomResources");

  /** How to reach the API server; absent: the in-cluster service account. */
  @Valid @NotNull @JsonProperty private KubernetesConnectionConfig connection = new KubernetesConnectionConfig();

  /** The namespaces exported whole (with their Namespace objects); empty: every namespace the selector matches in. */
  @NotNull
  @JsonProperty
  private List<@Pattern(regexp = "[a-z0-9]([-a-z0-9]*[a-z0-9])?", message = "must be a namespace name") String>
      namespaces = new ArrayList<>();

  /** Only objects with these labels ({@code app.kubernetes.io/part-of=shop}); absent: every object. */
  @Nullable @JsonProperty private String labelSelector;

  /** Whether the Helm release history ({@code helm.sh/release.v1} Secrets) is exported, whole. */
  @JsonProperty private boolean helmReleases = true;

  /**
   * Whether the cluster-scoped objects the namespaces depend on are exported too: the CRDs of their
   * custom resources, the ClusterRoles their RoleBindings refer to, and the ClusterRoleBindings
   * whose subjects are their service accounts. Off by default: they are shared with other tenants.
   */
  @JsonProperty private boolean clusterResources = false;

  /** The resource kinds exported, out of {@link #DEFAULT_RESOURCES}; empty: all of them. */
  @NotNull @JsonProperty private List<String> resources = new ArrayList<>();

  /** Where a restore keeps the fetched backup and the objects it replaced; absent: the temporary directory. */
  @Nullable
  @Pattern(regexp = "/.*", message = "must be an absolute path")
  @JsonProperty
  private String scratchDirectory;

  @Override
  public String kind() {
    return KIND;
  }

  @JsonIgnore
  @ValidationMethod(message = "selects nothing; set namespaces: [..] and/or labelSelector")
  public boolean isSelectingSomething() {
    return !namespaces.isEmpty() || (labelSelector != null && !labelSelector.isBlank());
  }

  @JsonIgnore
  @ValidationMethod(message = "lists a resource kind Lifeboat does not export; use kinds out of: "
      + "CustomResourceDefinition, Namespace, ServiceAccount, ClusterRole, ClusterRoleBinding, Role, RoleBinding,"
      + " ConfigMap, Secret, PersistentVolumeClaim, Service, Deployment, StatefulSet, DaemonSet, Job, CronJob,"
      + " Ingress, NetworkPolicy, PodDisruptionBudget, HorizontalPodAutoscaler, CustomResources")
  public boolean isResourcesKnown() {
    return Set.copyOf(DEFAULT_RESOURCES).containsAll(resources);
  }

  /** The resource kinds to export. */
  @JsonIgnore
  public List<String> exportedResources() {
    return resources.isEmpty() ? DEFAULT_RESOURCES
        : DEFAULT_RESOURCES.stream().filter(resources::contains).toList();
  }

  public KubernetesConnectionConfig getConnection() {
    return connection;
  }

  public void setConnection(KubernetesConnectionConfig connection) {
    this.connection = connection == null ? new KubernetesConnectionConfig() : connection;
  }

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces == null ? new ArrayList<>() : namespaces;
  }

  @Nullable
  public String getLabelSelector() {
    return labelSelector;
  }

  public void setLabelSelector(@Nullable String labelSelector) {
    this.labelSelector = labelSelector;
  }

  public boolean isHelmReleases() {
    return helmReleases;
  }

  public void setHelmReleases(boolean helmReleases) {
    this.helmReleases = helmReleases;
  }

  public boolean isClusterResources() {
    return clusterResources;
  }

  public void setClusterResources(boolean clusterResources) {
    this.clusterResources = clusterResources;
  }

  public List<String> getResources() {
    return resources;
  }

  public void setResources(List<String> resources) {
    this.resources = resources == null ? new ArrayList<>() : resources;
  }

  @Nullable
  public String getScratchDirectory() {
    return scratchDirectory;
  }

  public void setScratchDirectory(@Nullable String scratchDirectory) {
    this.scratchDirectory = scratchDirectory;
  }
}
