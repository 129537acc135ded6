package io.lifeboat.activities.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the declarative form removes and what it leaves out, kind by kind. */
class DeclarativeFormTest {
  @Test
  void aJobLosesItsGeneratedSelectorAndLabels() {
    Map<String, Object> job = DeclarativeForm.strip(object("""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate, namespace: shop, uid: 1, labels: {job-name: migrate, app: shop}}
        spec:
          selector: {matchLabels: {controller-uid: 1}}
          template: {metadata: {labels: {controller-uid: "1", batch.kubernetes.io/job-name: migrate, app: shop}}}
        status: {succeeded: 1}
        """));

    assertThat(job).doesNotContainKey("status");
    assertThat(map(job.get("metadata"))).doesNotContainKey("uid").containsEntry("labels", Map.of("app", "shop"));
    assertThat(map(job.get("spec"))).doesNotContainKey("selector");
    assertThat(map(map(map(job.get("spec")).get("template")).get("metadata")))
        .containsEntry("labels", Map.of("app", "shop"));
  }

  @Test
  void aClaimIsBoundAgainAndAHeadlessServiceStaysHeadless() {
    Map<String, Object> claim = DeclarativeForm.strip(object("""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data, namespace: shop, annotations: {pv.kubernetes.io/bind-completed: "yes"}}
        spec: {volumeName: pvc-123, resources: {requests: {storage: 1Gi}}}
        """));
    Map<String, Object> headless = DeclarativeForm.strip(object("""
        apiVersion: v1
        kind: Service
        metadata: {name: db, namespace: shop}
        spec: {clusterIP: None, clusterIPs: [None]}
        """));

    assertThat(map(claim.get("spec"))).doesNotContainKey("volumeName").containsKey("resources");
    assertThat(map(claim.get("metadata"))).doesNotContainKey("annotations");
    assertThat(map(headless.get("spec"))).containsEntry("clusterIP", "None");
  }

  @Test
  void whatAControllerOwnsOrTheClusterMakesIsNotExported() {
    assertThat(DeclarativeForm.exported(object("""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: nightly-123, namespace: shop, ownerReferences: [{kind: CronJob, name: nightly, controller: true}]}
        """))).isFalse();
    assertThat(DeclarativeForm.exported(object("""
        apiVersion: v1
        kind: Secret
        metadata: {name: app-token, namespace: shop}
        type: kubernetes.io/service-account-token
        """))).isFalse();
    assertThat(DeclarativeForm.exported(object("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: kube-root-ca.crt, namespace: shop}
        """))).isFalse();
    assertThat(DeclarativeForm.exported(object("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app, namespace: shop, ownerReferences: [{kind: Widget, name: w1}]}
        """))).as("an owner that is not a controller does not re-create it").isTrue();
  }

  static Map<String, Object> object(String yaml) {
    return ObjectStream.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
