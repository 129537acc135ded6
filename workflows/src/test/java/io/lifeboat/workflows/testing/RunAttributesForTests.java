package io.lifeboat.workflows.testing;

import io.lifeboat.workflows.common.RunAttributes;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;

/**
 * Registers Lifeboat's search attributes on the in-memory test server, as the worker does on a
 * real one at start: a workflow upserting an unknown attribute would fail its task.
 */
public final class RunAttributesForTests {
  private RunAttributesForTests() {}

  public static void register(TestWorkflowEnvironment env) {
    RunAttributes.ALL.forEach(key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
  }

  public static TestWorkflowExtension.Builder register(TestWorkflowExtension.Builder builder) {
    RunAttributes.ALL.forEach(key -> builder.registerSearchAttribute(key.getName(), key.getValueType()));
    return builder;
  }
}
