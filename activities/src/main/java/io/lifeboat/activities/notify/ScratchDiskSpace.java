package io.lifeboat.activities.notify;

import io.lifeboat.config.NotificationSeverity;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The disks Lifeboat writes scratch and staging data to (the temporary directory, drill and
 * verification scratch directories): below 20% free is a warning, below 10% critical, before a
 * restore or drill fills one half-way. One condition per host and disk, followed by
 * {@link ConditionLevels}: notified once per level crossing.
 */
final class ScratchDiskSpace {
  static final double WARNING_FREE = 0.20;
  static final double CRITICAL_FREE = 0.10;

  /** Usable and total bytes of the filesystem holding a path; empty when it cannot be read. */
  interface Disks {
    Optional<Space> spaceOf(Path directory);
  }

  record Space(String disk, long usable, long total) {}

  private final List<Path> directories;
  private final Disks disks;
  private final double warningFree;
  private final double criticalFree;

  ScratchDiskSpace(List<Path> directories, Disks disks, double warningFree, double criticalFree) {
    this.directories = List.copyOf(directories);
    this.disks = disks;
    this.warningFree = warningFree;
    this.criticalFree = criticalFree;
  }

  /** The real disks, with other thresholds: for tests, which cannot fill a real disk to 90%. */
  ScratchDiskSpace(List<Path> directories, double warningFree, double criticalFree) {
    this(directories, ScratchDiskSpace::fileStoreOf, warningFree, criticalFree);
  }

  ScratchDiskSpace(List<Path> directories, Disks disks) {
    this(directories, disks, WARNING_FREE, CRITICAL_FREE);
  }

  ScratchDiskSpace(List<Path> directories) {
    this(directories, ScratchDiskSpace::fileStoreOf);
  }

  /** Each disk holding a scratch directory, as {@code host} sees it now: its level, or fine. */
  List<ConditionLevels.Observation> observe(String host) {
    Map<String, Path> byDisk = new LinkedHashMap<>();
    Map<String, Space> spaces = new LinkedHashMap<>();
    for (Path directory : directories) {
      disks.spaceOf(directory).filter(s -> s.total() > 0).ifPresent(space -> {
        byDisk.putIfAbsent(space.disk(), directory);
        spaces.putIfAbsent(space.disk(), space);
      });
    }
    List<ConditionLevels.Observation> observed = new ArrayList<>();
    spaces.forEach((disk, space) -> {
      double free = (double) space.usable() / space.total();
      NotificationSeverity severity = free < criticalFree ? NotificationSeverity.CRITICAL
          : free < warningFree ? NotificationSeverity.WARNING : null;
      String percent = String.format(Locale.ROOT, "%.1f%%", free * 100);
      String thresholds = String.format(Locale.ROOT, "warning below %.0f%%, critical below %.0f%%", warningFree * 100,
          criticalFree * 100);
      Path directory = byDisk.get(disk);
      observed.add(new ConditionLevels.Observation("disk-space-low:" + host + ":" + disk, "disk-space-low", null,
          severity, "scratch disk of " + directory + " on " + host + " has " + percent + " free",
          "The disk " + disk + " holding " + directory + " on " + host + " has " + space.usable() + " of "
              + space.total() + " bytes free (" + percent + "; " + thresholds + ")."
              + (severity == null ? "" : " Restores, drills and verifications stage data there: free space or move"
                  + " the scratch directory.")));
    });
    return observed;
  }

  private static Optional<Space> fileStoreOf(Path directory) {
    Path existing = directory.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return Optional.empty();
    }
    try {
      FileStore store = Files.getFileStore(existing);
      return Optional.of(new Space(store.name() + " (" + store + ")", store.getUsableSpace(), store.getTotalSpace()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
