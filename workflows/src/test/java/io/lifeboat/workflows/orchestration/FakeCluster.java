package io.lifeboat.workflows.orchestration;

import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.cluster.ArchiveReport;
import io.lifeboat.workflows.cluster.PostgresClusterActivities;
import io.lifeboat.workflows.cluster.PointInTimeRequest;
import io.lifeboat.workflows.cluster.RecoveredServer;
import io.lifeboat.workflows.cluster.RecoveryPlan;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A cluster whose archive and recovered server are what the test says, recording every step in order. */
final class FakeCluster implements PostgresClusterActivities, CatalogActivities {
  static final Instant BACKUP_ENDED = Instant.parse("2026-11-20T02:00:00Z");
  static final Instant LAST_ARCHIVED = Instant.parse("2026-11-20T03:00:00Z");

  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<RunRecord> runs = new CopyOnWriteArrayList<>();
  volatile List<String> gaps = List.of();

  @Override
  public ArchiveReport checkArchive(String target) {
    calls.add("check " + target);
    return new ArchiveReport(target, 12, 1000, List.of(1L), "000000010000000000000002",
        "00000001000000000000000D", LAST_ARCHIVED, gaps);
  }

  @Override
  public RecoveryPlan planRecovery(PointInTimeRequest request) {
    calls.add("plan " + request.to());
    return new RecoveryPlan("base-1", BACKUP_ENDED, "0/3000100", "000000010000000000000002",
        "00000001000000000000000D", LAST_ARCHIVED, 300_000, 3_600_000);
  }

  @Override
  public void fetchBaseBackup(PointInTimeRequest request, RecoveryPlan plan) {
    calls.add("fetch " + plan.backupId() + " into " + request.dataDirectory());
  }

  @Override
  public void startRecovery(PointInTimeRequest request, RecoveryPlan plan) {
    calls.add("start on " + request.port());
  }

  @Override
  public RecoveredServer awaitRecovery(PointInTimeRequest request, RecoveryPlan plan) {
    calls.add("await");
    return new RecoveredServer(request.dataDirectory(), request.port(), Instant.parse("2026-11-20T02:29:59Z"),
        "0/5000028", 2, 3);
  }

  @Override
  public void recordBackup(String manifestKey) {
    calls.add("index " + manifestKey);
  }

  @Override
  public void markVerified(String backupId, Instant verifiedAt) {
    calls.add("verified " + backupId);
  }

  @Override
  public void recordRun(RunRecord run) {
    runs.add(run);
  }
}
