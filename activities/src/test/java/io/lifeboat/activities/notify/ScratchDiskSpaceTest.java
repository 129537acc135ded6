package io.lifeboat.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.config.NotificationSeverity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Free space of the scratch disks against the 20% and 10% thresholds. The disks are given as
 * numbers: no test can fill a real disk of this machine to 90% without harming what else runs.
 */
class ScratchDiskSpaceTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  @Test
  void belowTwentyPercentIsAWarningBelowTenCriticalAndEachDiskIsNamedOnce() {
    Map<Path, ScratchDiskSpace.Space> spaces = Map.of(
        Path.of("/tmp"), new ScratchDiskSpace.Space("root", 150, 1000),
        Path.of("/var/tmp/lifeboat-drills"), new ScratchDiskSpace.Space("root", 150, 1000),
        Path.of("/scratch"), new ScratchDiskSpace.Space("scratch", 99, 1000),
        Path.of("/data"), new ScratchDiskSpace.Space("data", 200, 1000));
    ScratchDiskSpace disks = new ScratchDiskSpace(List.of(Path.of("/tmp"), Path.of("/var/tmp/lifeboat-drills"),
        Path.of("/scratch"), Path.of("/data")), dir -> Optional.ofNullable(spaces.get(dir)));

    List<NotificationEvent> events = disks.check("backup:orders/r1", NOW);

    assertThat(events).extracting(NotificationEvent::severity, NotificationEvent::dedupKey).containsExactly(
        org.assertj.core.groups.Tuple.tuple(NotificationSeverity.WARNING, "disk-space-low:root:warning:2026-12-04"),
        org.assertj.core.groups.Tuple.tuple(NotificationSeverity.CRITICAL, "disk-space-low:scratch:critical:2026-12-04"));
    assertThat(events.get(0).summary()).isEqualTo("scratch disk of /tmp has 15.0% free");
    assertThat(events.get(1).details()).startsWith("The disk scratch holding /scratch has 99 of 1000 bytes free (9.9%;");
  }

  @Test
  void aDiskOfUnknownSizeOrUnreadableSaysNothing() {
    ScratchDiskSpace disks = new ScratchDiskSpace(List.of(Path.of("/tmp"), Path.of("/gone")),
        dir -> dir.equals(Path.of("/tmp")) ? Optional.of(new ScratchDiskSpace.Space("any", 0, 0)) : Optional.empty());
    assertThat(disks.check("r", NOW)).isEmpty();
  }
}
