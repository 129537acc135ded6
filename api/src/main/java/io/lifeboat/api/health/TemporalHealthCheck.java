package io.lifeboat.api.health;

import com.codahale.metrics.health.HealthCheck;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;

/**
 * Temporal is reachable and knows Lifeboat's namespace. Describing the namespace proves both in
 * one call; the short deadline keeps a hung frontend from hanging the health endpoint.
 */
public final class TemporalHealthCheck extends HealthCheck {
  public static final String NAME = "temporal";

  private static final long DEADLINE_SECONDS = 3;

  private final WorkflowServiceStubs stubs;
  private final String target;
  private final String namespace;

  public TemporalHealthCheck(WorkflowServiceStubs stubs, String target, String namespace) {
    this.stubs = stubs;
    this.target = target;
    this.namespace = namespace;
  }

  @Override
  protected Result check() {
    try {
      stubs.blockingStub()
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
      return Result.healthy("namespace %s at %s", namespace, target);
    } catch (StatusRuntimeException e) {
      return Result.unhealthy("Temporal at %s, namespace %s: %s", target, namespace, e.getStatus());
    }
  }
}
