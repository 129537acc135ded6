package io.lifeboat.workflows.backup;

import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Backup ids sort by time and are unique: {@code 20261122T031500Z-1a2b3c}. Deterministic in workflows. */
public final class BackupIds {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private BackupIds() {}

  public static String next() {
    String time = FORMAT.format(Instant.ofEpochMilli(Workflow.currentTimeMillis()));
    return time + "-" + Workflow.randomUUID().toString().substring(0, 6);
  }
}
