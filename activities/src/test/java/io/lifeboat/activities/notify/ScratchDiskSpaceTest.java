package io.lifeboat.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.config.NotificationSeverity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Free space of the scratch disks against the 20% and 10% thresholds. The disks are given as
 * numbers here: no test can fill a real disk of this machine to 90% without harming what else
 * runs (WatchActivitiesTest reads a real disk, with thresholds set around its free space).
 */
class ScratchDiskSpaceTest {
  @Test
  void belowTwentyPercentIsAWarningBelowTenCriticalAndEachDiskIsNamedOnce() {
    Map<Path, ScratchDiskSpace.Space> spaces = Map.of(
        Path.of("/tmp"), new ScratchDiskSpace.Space("root", 150, 1000),
        Path.of("/var/tmp/lifeboat-drills"), new ScratchDiskSpace.Space("root", 150, 1000),
        Path.of("/scratch"), new ScratchDiskSpace.Space("scratch", 99, 1000),
        Path.of("/data"), new ScratchDiskSpace.Space("data", 200, 1000));
    ScratchDiskSpace disks = new ScratchDiskSpace(List.of(Path.of("/tmp"), Path.of("/var/tmp/lifeboat-drills"),
        Path.of("/scratch"), Path.of("/data")), dir -> Optional.ofNullable(spaces.get(dir)));

    List<ConditionLevels.Observation> observed = disks.observe("host-1");

    assertThat(observed).extracting(ConditionLevels.Observation::condition, ConditionLevels.Observation::severity)
        .containsExactly(
            Tuple.tuple("disk-space-low:host-1:root", NotificationSeverity.WARNING),
            Tuple.tuple("disk-space-low:host-1:scratch", NotificationSeverity.CRITICAL),
            Tuple.tuple("disk-space-low:host-1:data", null));
    assertThat(observed.get(0).summary()).isEqualTo("scratch disk of /tmp on host-1 has 15.0% free");
    assertThat(observed.get(1).details()).startsWith("The disk scratch holding /scratch on host-1 has 99 of 1000 bytes"
        + " free (9.9%; warning below 20%, critical below 10%).");
  }

  @Test
  void aDiskOfUnknownSizeOrUnreadableSaysNothing() {
    ScratchDiskSpace disks = new ScratchDiskSpace(List.of(Path.of("/tmp"), Path.of("/gone")),
        dir -> dir.equals(Path.of("/tmp")) ? Optional.of(new ScratchDiskSpace.Space("any", 0, 0)) : Optional.empty());
    assertThat(disks.observe("host-1")).isEmpty();
  }
}
