package io.lifeboat.workflows;

/** The task queue every Lifeboat worker polls, and the namespace used on embedded defaults. */
public final class TaskQueues {
  public static final String DEFAULT = "lifeboat";
  public static final String DEFAULT_NAMESPACE = "default";

  private TaskQueues() {}
}
