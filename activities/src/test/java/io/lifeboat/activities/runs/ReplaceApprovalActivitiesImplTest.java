package io.lifeboat.activities.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.config.FilesTargetConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.restore.ReplaceApproval;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The workflow learns from the configuration whether a replacing restore waits, and how long. */
class ReplaceApprovalActivitiesImplTest {
  @Test
  void answersFromEachTargetsConfigurationAndRefusesAnUnknownTarget() {
    FilesTargetConfig strict = new FilesTargetConfig();
    FilesTargetConfig relaxed = new FilesTargetConfig();
    relaxed.setReplaceApproval(TargetConfig.ReplaceApproval.NONE);
    relaxed.setReplaceApprovalTimeout(io.dropwizard.util.Duration.minutes(30));
    ReplaceApprovalActivitiesImpl approvals = new ReplaceApprovalActivitiesImpl(Map.of("docs", strict,
        "scratch", relaxed));

    assertThat(approvals.replaceApproval("docs")).isEqualTo(new ReplaceApproval(true, Duration.ofHours(4)));
    assertThat(approvals.replaceApproval("scratch")).isEqualTo(new ReplaceApproval(false, Duration.ofMinutes(30)));
    assertThatThrownBy(() -> approvals.replaceApproval("shop")).isInstanceOfSatisfying(ApplicationFailure.class,
        e -> {
          assertThat(e.getType()).isEqualTo(FailureTypes.UNKNOWN_TARGET);
          assertThat(e.getOriginalMessage()).isEqualTo("unknown target 'shop'; declared targets: docs, scratch — add"
              + " it under 'targets:' in the configuration");
        });
  }
}
