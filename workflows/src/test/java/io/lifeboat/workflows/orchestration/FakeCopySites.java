package io.lifeboat.workflows.orchestration;

import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.replication.CopyReport;
import io.lifeboat.workflows.replication.CopySyncActivities;
import io.lifeboat.workflows.replication.CopySyncLine;
import io.lifeboat.workflows.replication.CopySyncPage;
import io.lifeboat.workflows.replication.CopySyncPlan;
import io.lifeboat.workflows.replication.CopySyncRequest;
import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.replication.ReplicationActivities;
import io.lifeboat.workflows.replication.WalSyncReport;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Off-site locations in memory for the sync's orchestration: which backups each holds, one that
 * does not answer, and a backup whose primary objects are lost (its copy fails for good).
 */
final class FakeCopySites implements CopySyncActivities, ReplicationActivities, CatalogActivities {
  final Map<String, Set<String>> held = new LinkedHashMap<>();
  final List<String> backups = new ArrayList<>(List.of("b1", "b2", "lost"));
  final Set<String> unreachable = ConcurrentHashMap.newKeySet();
  final List<String> copyCalls = java.util.Collections.synchronizedList(new ArrayList<>());

  FakeCopySites() {
    held.put("offsite", ConcurrentHashMap.newKeySet());
    held.put("vault", ConcurrentHashMap.newKeySet());
    held.get("offsite").add("b1");
  }

  @Override
  public CopySyncPlan planSync(CopySyncRequest request) {
    if (request.location() != null && !held.containsKey(request.location())) {
      throw ApplicationFailure.newNonRetryableFailure("no off-site location '" + request.location()
          + "' under storage.copies; declared: offsite, vault", FailureTypes.BAD_REQUEST);
    }
    List<CopySyncPlan.Location> locations = new ArrayList<>();
    for (String name : held.keySet()) {
      if (request.location() == null || request.location().equals(name)) {
        locations.add(new CopySyncPlan.Location(name, unreachable.contains(name) ? name + " cannot be reached" : null,
            backups.size(), List.of("main")));
      }
    }
    return new CopySyncPlan(locations);
  }

  /** Pages as the real one does: by id, copying each through {@link #copyBackup}, counting those already there. */
  @Override
  public CopySyncPage syncBackups(String location, String target, String after, int limit) {
    List<String> page = backups.stream().sorted().filter(b -> after == null || b.compareTo(after) > 0)
        .limit(limit + 1L).toList();
    List<String> mine = page.subList(0, Math.min(limit, page.size()));
    List<CopySyncLine> lines = new ArrayList<>();
    int alreadyThere = 0;
    for (String backupId : mine) {
      try {
        CopyReport report = copyBackup(backupId, location);
        if (report.copied() == 0) {
          alreadyThere++;
        } else {
          lines.add(new CopySyncLine(location, "backup " + backupId, CopySyncLine.Outcome.COPIED,
              report.copied() + " of " + report.objects() + " objects, " + report.bytes() + " bytes"));
        }
      } catch (ApplicationFailure e) {
        lines.add(new CopySyncLine(location, "backup " + backupId, CopySyncLine.Outcome.FAILED,
            e.getOriginalMessage()));
      }
    }
    return new CopySyncPage(lines, alreadyThere, page.size() > limit ? mine.get(mine.size() - 1) : null);
  }

  @Override
  public WalSyncReport syncWal(String target, String location) {
    return new WalSyncReport(target, location, 3, location.equals("offsite") ? 0 : 3,
        location.equals("offsite") ? 3 : 0, List.of());
  }

  @Override
  public CopyReport copyBackup(String backupId, String location) {
    copyCalls.add(location + " " + backupId);
    if (backupId.equals("lost")) {
      throw ApplicationFailure.newNonRetryableFailure("backup lost has lost dump.zst.pgp in the primary bucket",
          FailureTypes.INTEGRITY);
    }
    boolean there = !held.get(location).add(backupId);
    return new CopyReport(backupId, location, "bucket-" + location, backupId + "/manifest.json", 3,
        there ? 0 : 3, there ? 0 : 300, List.of());
  }

  @Override
  public List<String> locations() {
    return List.copyOf(held.keySet());
  }

  @Override
  public List<String> locationsAfterBackup(String target) {
    return List.of("offsite");
  }

  @Override
  public ReadSource readSource(String backupId) {
    return ReadSource.primary();
  }

  @Override
  public CopyReport checkCopy(String backupId, String location) {
    throw new UnsupportedOperationException("a sync copies");
  }

  @Override
  public void recordBackup(String manifestKey) {}

  @Override
  public void markVerified(String backupId, Instant verifiedAt) {}

  @Override
  public void recordRun(RunRecord run) {}
}
