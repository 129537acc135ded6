package io.lifeboat.activities.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.wal.WalArchives;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.TargetRef;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL cluster is recovered into a new data directory, never restored onto another server:
 * a restore {@code --to} one is refused at its first step, pointing at {@code lifeboat recover}.
 * Nothing is reached, so no server runs here.
 */
class ClusterDestinationTest {
  private final TestActivityEnvironment environment = TestActivityEnvironment.newInstance();

  @AfterEach
  void stop() {
    environment.close();
  }

  @Test
  void aRestoreOntoAnotherServerPointsAtRecover() {
    ClusterSource source = new ClusterSource(new ClusterTargets(Map.of()), null, null, null, null,
        WalArchives.primaryOnly(null), null, Map.of());
    SourceActivities cluster = OneSourceActivities.stub(environment, source, "main", null);

    assertThatThrownBy(() -> cluster.inspect(new Destination(TargetRef.of("main"), null, "standby", false, false)))
        .isInstanceOf(ActivityFailure.class)
        .cause().satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue())
        .hasMessageContaining("target main is a PostgreSQL cluster, which is not restored onto another server"
            + " (standby): it is recovered into a new data directory on the machine that runs it: `lifeboat recover"
            + " main --to-time INSTANT --into-directory DIR --port PORT` there; nothing was changed");
  }
}
