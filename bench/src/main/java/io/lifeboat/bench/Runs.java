package io.lifeboat.bench;

import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the benchmarks say of their runs: medians of timings, and where a run's time went. */
final class Runs {
  private Runs() {}

  /** The median; of an even number of values, the mean of the middle two. */
  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /** Each step of a finished run and how long it took: "identify 0.1, checksum 1.2, …". */
  static String steps(RunProgress progress) {
    List<String> steps = new ArrayList<>();
    for (StepState step : progress.steps()) {
      if (step.startedAt() != null && step.endedAt() != null) {
        steps.add(String.format(Locale.ROOT, "%s %.1f", step.name(),
            Duration.between(step.startedAt(), step.endedAt()).toMillis() / 1000.0));
      }
    }
    return String.join(", ", steps);
  }
}
