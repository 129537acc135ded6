package io.lifeboat.activities.redis;

import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.redis.RedisActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.verify.VerifyActivities.IntegrityReport;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Redis activities of the backup, verify and restore workflows, over the same parts as
 * {@link RedisSource}: {@link RdbSnapshots}, {@link StoredRdbs}, {@link ScratchComparisons} and
 * {@link RdbSwap}.
 */
public class RedisActivitiesImpl implements RedisActivities {
  private final RedisTargets targets;
  private final RdbSnapshots snapshots;
  private final StoredRdbs stored;
  private final ScratchComparisons scratch;
  private final RdbSwap swap = new RdbSwap();

  public RedisActivitiesImpl(RedisTargets targets, BackupStore backups, StoredBackups stored, ArtifactWriter writer,
      Manifest.Encryption encryption, Map<String, String> tools) {
    this.targets = targets;
    this.snapshots = new RdbSnapshots(backups, writer, encryption, tools);
    this.stored = new StoredRdbs(stored);
    this.scratch = new ScratchComparisons(targets, this.stored);
  }

  @Override
  public SourceBackupResult backupRedis(SourceBackupRequest request) {
    return snapshots.backup(targets.get(request.target()), request);
  }

  @Override
  public IntegrityReport checkRedis(String backupId) {
    try (Heartbeat heartbeat = Heartbeat.start("check-redis")) {
      var report = stored.check(backupId, heartbeat::set);
      return new IntegrityReport(report.target(), report.objectsChecked(), report.storedBytes(), 0);
    }
  }

  @Override
  public RedisCheckReport testRestoreRedis(String backupId) {
    try (Heartbeat heartbeat = Heartbeat.start("test-restore-redis")) {
      return report(scratch.ofBackup(stored.manifest(backupId), heartbeat::set));
    }
  }

  /**
   * Stages the RDB beside the live one, compares it in a scratch server, and swaps it in only when
   * it matches; the replaced RDB stays as {@code <rdbPath>.replaced-<workflow run id>}.
   */
  @Override
  public RedisCheckReport restoreRedis(String backupId) {
    SignedManifest signed = stored.manifest(backupId);
    LiveServer server = LiveServer.of(targets.get(signed.manifest().target()));
    server.refuseAppendOnly();
    String runToken = Activity.getExecutionContext().getInfo().getWorkflowRunId();
    Path staged = server.staged(runToken);
    try (Heartbeat heartbeat = Heartbeat.start("restore-redis")) {
      // fetched and checked before the server is touched: a bad backup never stops it
      stored.fetch(signed, staged, heartbeat::set);
      ScratchComparisons.Loaded loaded = scratch.ofStaged(signed, staged);
      if (!loaded.comparison().mismatches().isEmpty()) {
        return report(loaded);
      }
      RdbSwap.Swapped swapped = swap.commit(server, staged, runToken, signed.manifest().rowCounts());
      return report(new ScratchComparisons.Loaded(swapped.comparison(), server.target().where()));
    } finally {
      try {
        Files.deleteIfExists(staged);
      } catch (IOException ignored) {
        // a leftover staged file is replaced by the next attempt
      }
    }
  }

  private static RedisCheckReport report(ScratchComparisons.Loaded loaded) {
    KeySample.Comparison comparison = loaded.comparison();
    return new RedisCheckReport(comparison.keys(), comparison.sampled(), comparison.mismatches(), loaded.where());
  }
}
