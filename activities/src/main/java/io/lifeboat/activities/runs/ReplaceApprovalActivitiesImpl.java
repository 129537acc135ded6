package io.lifeboat.activities.runs;

import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.restore.ReplaceApproval;
import io.lifeboat.workflows.restore.ReplaceApprovalActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** Answers from the targets' {@code replaceApproval} and {@code replaceApprovalTimeout}. */
public final class ReplaceApprovalActivitiesImpl implements ReplaceApprovalActivities {
  private final Map<String, TargetConfig> targets;

  public ReplaceApprovalActivitiesImpl(Map<String, ? extends TargetConfig> targets) {
    this.targets = new TreeMap<>(targets);
  }

  @Override
  public ReplaceApproval replaceApproval(String target) {
    TargetConfig config = targets.get(target);
    if (config == null) {
      throw ApplicationFailure.newNonRetryableFailure("unknown target '" + target + "'; declared targets: "
          + (targets.isEmpty() ? "none" : String.join(", ", targets.keySet()))
          + " — add it under 'targets:' in the configuration", FailureTypes.UNKNOWN_TARGET);
    }
    return new ReplaceApproval(config.getReplaceApproval() == TargetConfig.ReplaceApproval.REQUIRED,
        Duration.ofMillis(config.getReplaceApprovalTimeout().toMilliseconds()));
  }
}
