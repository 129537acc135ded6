package io.lifeboat.workflows.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void anActivityFailureSaysWhatItsApplicationFailureSays() {
    ActivityFailure failed = activityFailure(ApplicationFailure.newFailure("pg_restore exited with 1", "ToolFailed"));

    assertThat(Failures.message(failed)).isEqualTo("pg_restore exited with 1");
  }

  @Test
  void aCancelledActivitySaysCancelledWhereTemporalSaysNothing() {
    assertThat(Failures.message(activityFailure(new CanceledFailure("")))).isEqualTo("cancelled");
    assertThat(Failures.message(new CanceledFailure("run cancelled during step 'restore'")))
        .isEqualTo("run cancelled during step 'restore'");
  }

  private static ActivityFailure activityFailure(Throwable cause) {
    return new ActivityFailure("Activity task failed", 5, 6, "RestoreStaged", "4",
        RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE, "worker", cause);
  }
}
