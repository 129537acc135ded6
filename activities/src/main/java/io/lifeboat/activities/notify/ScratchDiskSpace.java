package io.lifeboat.activities.notify;

import io.lifeboat.config.NotificationSeverity;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The disks Lifeboat writes scratch and staging data to (the temporary directory, drill and
 * verification scratch directories): below 20% free is a warning, below 10% critical, before a
 * restore or drill fills one half-way. One event per disk, severity and day (its dedup key).
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

  ScratchDiskSpace(List<Path> directories, Disks disks) {
    this.directories = List.copyOf(directories);
    this.disks = disks;
  }

  ScratchDiskSpace(List<Path> directories) {
    this(directories, ScratchDiskSpace::fileStoreOf);
  }

  List<NotificationEvent> check(String run, Instant now) {
    Map<String, Path> byDisk = new LinkedHashMap<>();
    Map<String, Space> spaces = new LinkedHashMap<>();
    for (Path directory : directories) {
      disks.spaceOf(directory).filter(s -> s.total() > 0).ifPresent(space -> {
        byDisk.putIfAbsent(space.disk(), directory);
        spaces.putIfAbsent(space.disk(), space);
      });
    }
    List<NotificationEvent> events = new ArrayList<>();
    spaces.forEach((disk, space) -> {
      double free = (double) space.usable() / space.total();
      NotificationSeverity severity = free < CRITICAL_FREE ? NotificationSeverity.CRITICAL
          : free < WARNING_FREE ? NotificationSeverity.WARNING : null;
      if (severity == null) {
        return;
      }
      String percent = String.format(Locale.ROOT, "%.1f%%", free * 100);
      events.add(new NotificationEvent("disk-space-low", severity, null,
          "scratch disk of " + byDisk.get(disk) + " has " + percent + " free",
          "The disk " + disk + " holding " + byDisk.get(disk) + " has " + space.usable() + " of " + space.total()
              + " bytes free (" + percent + "; warning below 20%, critical below 10%). Restores, drills and"
              + " verifications stage data there: free space or move the scratch directory.",
          "disk-space-low:" + disk + ":" + severity.label() + ":" + now.atZone(ZoneOffset.UTC).toLocalDate(),
          run, now));
    });
    return events;
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
