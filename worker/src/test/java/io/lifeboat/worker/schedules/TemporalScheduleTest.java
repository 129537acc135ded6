package io.lifeboat.worker.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.Duration;
import io.lifeboat.config.ScheduleConfig;
import io.lifeboat.workflows.schedule.ScheduledRun;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a configured schedule becomes on a Temporal cluster. The embedded test server has no
 * Schedules (UNIMPLEMENTED), so this checks the Schedule built for the cluster, field by field.
 */
class TemporalScheduleTest {
  @Test
  void carriesCronTimeZoneOverlapCatchUpAndTheScheduledRun() {
    ScheduleConfig weekly = new ScheduleConfig();
    weekly.setName("weekly-verify");
    weekly.setAction(ScheduleConfig.Action.VERIFY);
    weekly.setCron("0 5 * * 0");
    weekly.setTimeZone("Europe/Paris");
    weekly.setOverlap(ScheduleConfig.Overlap.BUFFER_ONE);
    weekly.setCatchupWindow(Duration.hours(6));

    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Schedule schedule = new ScheduleSync(env.getWorkflowClient(), "q")
          .schedule(new ScheduleSync.Wanted("schedule:shop:weekly-verify", "shop", weekly));

      assertThat(schedule.getSpec().getCronExpressions()).containsExactly("0 5 * * 0");
      assertThat(schedule.getSpec().getTimeZoneName()).isEqualTo("Europe/Paris");
      assertThat(schedule.getPolicy().getOverlap()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE);
      assertThat(schedule.getPolicy().getCatchupWindow()).isEqualTo(java.time.Duration.ofHours(6));
      ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();
      assertThat(action.getWorkflowType()).isEqualTo("ScheduledRunWorkflow");
      assertThat(action.getOptions().getWorkflowId()).isEqualTo("schedule:shop:weekly-verify");
      assertThat(action.getOptions().getTaskQueue()).isEqualTo("q");
      assertThat(action.getArguments().get(0, ScheduledRun.class))
          .isEqualTo(new ScheduledRun("shop", "weekly-verify", "verify", null));
    }
  }
}
