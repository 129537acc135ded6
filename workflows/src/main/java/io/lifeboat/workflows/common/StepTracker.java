package io.lifeboat.workflows.common;

import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The steps of one run and their states, for the progress query and for the run's current details
 * in the Temporal web UI (rewritten at every change). Workflow-side and deterministic: times come
 * from {@link Workflow#currentTimeMillis()}.
 */
public final class StepTracker {
  private final String runType;
  private final List<StepState> steps = new ArrayList<>();
  private String status = "RUNNING";

  public StepTracker(String runType, String... names) {
    this.runType = runType;
    for (String name : names) {
      steps.add(StepState.pending(name));
    }
  }

  /** Appends a step learnt while running (e.g. one per tenant found). */
  public void add(String name) {
    steps.add(StepState.pending(name));
  }

  /** Runs one step, recording its start, end and outcome; {@code describe} turns the result into a line. */
  public <T> T run(String name, Supplier<T> step, Function<T, String> describe) {
    int index = indexOf(name);
    if (steps.get(index).status() != StepState.Status.RUNNING) { // a step marked waiting keeps its start and line
      update(index, steps.get(index).running(now()));
    }
    try {
      T result = step.get();
      update(index, steps.get(index).done(now(), describe.apply(result)));
      return result;
    } catch (RuntimeException e) {
      status = "FAILED";
      update(index, steps.get(index).failed(now(), Failures.message(e)));
      throw e;
    }
  }

  public void run(String name, Runnable step, String doneDetail) {
    run(name, () -> {
      step.run();
      return null;
    }, ignored -> doneDetail);
  }

  /**
   * Marks a step running from now, saying what it waits for (a person's approval), while the run
   * goes on with other steps; {@link #run} of it later ends it.
   */
  public void waiting(String name, String forWhat) {
    int index = indexOf(name);
    update(index, steps.get(index).running(now()).waiting(forWhat));
  }

  public void skip(String name, String why) {
    int index = indexOf(name);
    update(index, steps.get(index).skipped(why));
  }

  public void finished() {
    status = "COMPLETED";
    Workflow.setCurrentDetails(details());
    RunAttributes.outcome(status);
  }

  public void failed() {
    status = "FAILED";
    Workflow.setCurrentDetails(details());
    RunAttributes.outcome(status);
  }

  private void update(int index, StepState state) {
    steps.set(index, state);
    Workflow.setCurrentDetails(details());
  }

  /** The steps as Markdown, the way the web UI shows a run's current details. */
  String details() {
    StringBuilder text = new StringBuilder("**").append(runType.toLowerCase(Locale.ROOT).replace('_', ' '))
        .append("**: ").append(status.toLowerCase(Locale.ROOT)).append("\n\n");
    for (StepState step : steps) {
      text.append("- ").append(MARKS.get(step.status())).append(' ').append(step.name());
      if (step.detail() != null) {
        text.append(": ").append(step.detail().length() > 200 ? step.detail().substring(0, 200) + "…" : step.detail());
      }
      text.append('\n');
    }
    return text.toString();
  }

  private static final Map<StepState.Status, String> MARKS = Map.of(StepState.Status.PENDING, "◻",
      StepState.Status.RUNNING, "▶", StepState.Status.DONE, "✔", StepState.Status.FAILED, "✘",
      StepState.Status.SKIPPED, "–");

  public RunProgress progress() {
    return new RunProgress(runType, status, List.copyOf(steps));
  }

  public static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private int indexOf(String name) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no step " + name);
  }
}
