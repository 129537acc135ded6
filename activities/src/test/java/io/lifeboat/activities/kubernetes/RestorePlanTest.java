package io.lifeboat.activities.kubernetes;

import static io.lifeboat.activities.kubernetes.DeclarativeFormTest.map;
import static io.lifeboat.activities.kubernetes.DeclarativeFormTest.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plan of a restore, decided before anything is sent: order, renames, and what is kept. */
class RestorePlanTest {
  private static final List<Map<String, Object>> BACKUP = List.of(
      object("{apiVersion: apps/v1, kind: Deployment, metadata: {name: app, namespace: shop}}"),
      object("{apiVersion: example.com/v1, kind: Widget, metadata: {name: w1, namespace: shop}}"),
      object("{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: shop}}"),
      object("{apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: {name: rb, namespace: shop},"
          + " subjects: [{kind: ServiceAccount, name: app, namespace: shop}]}"),
      object("{apiVersion: v1, kind: Namespace, metadata: {name: shop}}"),
      object("{apiVersion: v1, kind: ConfigMap, metadata: {name: cfg, namespace: shop}}"));

  @Test
  void ordersByDependencyAndRenamesNamespacesBindingsIncluded() {
    RestorePlan plan = RestorePlan.of(BACKUP, Map.of("shop", "shop-dr"), ref -> false);

    assertThat(plan.lines()).containsExactly("create Namespace shop-dr", "create RoleBinding shop-dr/rb",
        "create ConfigMap shop-dr/cfg", "create PersistentVolumeClaim shop-dr/data", "create Deployment shop-dr/app",
        "create Widget shop-dr/w1");
    assertThat((List<?>) plan.steps().get(1).object().get("subjects")).first()
        .satisfies(s -> assertThat(map(s)).containsEntry("namespace", "shop-dr"));
    assertThat(map(BACKUP.get(3)).get("subjects")).as("the backup's objects are not changed")
        .isEqualTo(List.of(Map.of("kind", "ServiceAccount", "name", "app", "namespace", "shop")));
  }

  @Test
  void replacesWhatExistsButKeepsAnExistingClaim() {
    Set<String> existing = Set.of("Namespace shop", "PersistentVolumeClaim shop/data", "ConfigMap shop/cfg");
    RestorePlan plan = RestorePlan.of(BACKUP, Map.of(), ref -> existing.contains(ref.toString()));

    assertThat(plan.lines()).containsExactly("replace Namespace shop", "create RoleBinding shop/rb",
        "replace ConfigMap shop/cfg", "keep PersistentVolumeClaim shop/data", "create Deployment shop/app",
        "create Widget shop/w1");
    assertThat(plan.summary(2)).isEqualTo("3 to create, 2 to replace, 1 kept as they are (existing claims and"
        + " jobs): replace Namespace shop; create RoleBinding shop/rb; … 4 more");
  }

  @Test
  void aDamagedStreamIsRefusedNamingWhere() {
    assertThatThrownBy(() -> ObjectStream.read(new ByteArrayInputStream("""
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        ---
        just: a map
        """.getBytes(StandardCharsets.UTF_8))))
        .hasMessage("document 2 of the stream is not a Kubernetes object (apiVersion, kind and metadata.name)");
  }
}
