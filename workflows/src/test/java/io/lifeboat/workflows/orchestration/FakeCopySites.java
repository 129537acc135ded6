package io.lifeboat.workflows.orchestration;

import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.replication.CopyReport;
import io.lifeboat.workflows.replication.CopySyncActivities;
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
  final List<String> backups = List.of("b1", "b2", "lost");
  final Set<String> unreachable = ConcurrentHashMap.newKeySet();
  final List<String> copyCalls = new ArrayList<>();

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
            backups, List.of("main")));
      }
    }
    return new CopySyncPlan(locations);
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
