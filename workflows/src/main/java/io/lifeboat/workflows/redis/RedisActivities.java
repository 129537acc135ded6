package io.lifeboat.workflows.redis;

import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.verify.VerifyActivities.IntegrityReport;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Backups of a running Redis server: its RDB, as a replica receives it, through the artifact
 * pipeline, with the key count and a sample of keys (name, type, TTL class) in the manifest's
 * {@code rowCounts}. Restores and test restores compare a server holding the RDB with them.
 */
@ActivityInterface
public interface RedisActivities {
  /** Streams the server's RDB into a new backup; idempotent (an existing manifest is returned). */
  SourceBackupResult backupRedis(SourceBackupRequest request);

  /** Checks the manifest's signature and the RDB object (SHA-256, decryption, RDB header). */
  IntegrityReport checkRedis(String backupId);

  /**
   * Loads the RDB into a scratch redis-server on a free port, compares it with the manifest, and
   * stops and deletes the scratch server whatever happens.
   */
  RedisCheckReport testRestoreRedis(String backupId);

  /**
   * Restores into the target's server: fetches and checks the RDB beside the configured path and
   * compares it in a scratch server; when it matches, stops the server, swaps the file in (the old
   * one is kept as {@code <rdbPath>.replaced-<workflow run id>}), starts it, waits for it and
   * compares it with the manifest. A failure after the stop puts the old file back and starts the
   * server before failing.
   */
  RedisCheckReport restoreRedis(String backupId);

  /**
   * @param keys the server's DBSIZE after loading the backup
   * @param sampled how many of the manifest's sampled keys were compared
   * @param mismatches what differs from the manifest; empty when the server holds the backup
   */
  record RedisCheckReport(long keys, int sampled, List<String> mismatches, String where) {}
}
