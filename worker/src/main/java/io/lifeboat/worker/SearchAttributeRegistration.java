package io.lifeboat.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lifeboat.workflows.common.RunAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Makes sure the namespace knows Lifeboat's search attributes ({@link RunAttributes}) before any
 * workflow upserts them: a workflow that upserts an unknown one fails its task and stalls. Adds
 * the missing ones; where the server does not allow that (a managed namespace), it fails with the
 * command that adds them.
 */
public final class SearchAttributeRegistration {
  private SearchAttributeRegistration() {}

  public static void ensure(WorkflowServiceStubs stubs, String namespace) {
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder(stubs.getOptions()).validateAndBuildWithDefaults());
    Map<String, IndexedValueType> missing = new LinkedHashMap<>();
    RunAttributes.ALL.forEach(key -> missing.put(key.getName(), key.getValueType()));
    try {
      try {
        missing.keySet().removeAll(operator.blockingStub().listSearchAttributes(
            ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build()).getCustomAttributesMap().keySet());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
          throw e;
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      try {
        operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
            .setNamespace(namespace).putAllSearchAttributes(missing).build());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
          return; // another process added them first
        }
        throw new IllegalStateException("Temporal namespace " + namespace + " lacks Lifeboat's search attributes "
            + missing.keySet() + " and refused to add them (" + e.getStatus().getCode() + ": "
            + e.getStatus().getDescription() + "); add them once with: " + command(namespace, missing), e);
      }
    } finally {
      operator.shutdown();
      operator.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static String command(String namespace, Map<String, IndexedValueType> missing) {
    return missing.entrySet().stream().map(e -> "temporal operator search-attribute create --namespace " + namespace
        + " --name " + e.getKey() + " --type " + typeName(e.getValue())).collect(Collectors.joining(" && "));
  }

  private static String typeName(IndexedValueType type) {
    return type == IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD ? "Keyword" : type.name();
  }
}
