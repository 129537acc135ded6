package io.lifeboat.activities.postgres;

import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.artifact.StoredObject;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code pg_dump -Fc -Z0} of a database, taken from a snapshot this activity exports so that the
 * recovery point and the per-table row counts in the manifest describe exactly the dumped data.
 * The dump streams into the artifact pipeline; nothing lands on local disk. A tenant backup dumps
 * one schema ({@code --schema}), counts only its tables and names it in the manifest. Beside the
 * dump go the {@link Globals} the database needs from its cluster, as JSON for a restore and as
 * SQL for {@code psql}; the dump stays the first object.
 */
public final class PgDump {
  static final String DUMP_OBJECT = "dump.zst.pgp";
  static final String GLOBALS_OBJECT = "globals.json.zst.pgp";
  static final String GLOBALS_SCRIPT = "globals.sql.zst.pgp";

  private final PostgresTargets targets;
  private final BackupStore backups;
  private final ArtifactWriter writer;
  private final Map<String, String> toolVersions;
  private final Manifest.Encryption encryption;

  public PgDump(PostgresTargets targets, BackupStore backups, ArtifactWriter writer,
      Manifest.Encryption encryption, Map<String, String> toolVersions) {
    this.targets = targets;
    this.backups = backups;
    this.writer = writer;
    this.encryption = encryption;
    this.toolVersions = toolVersions;
  }

  /**
   * Dumps {@code database} of the request's target (null: the target's own), or the request's
   * schema of it, as one backup of {@code kind} with its signed manifest. Idempotent: when the
   * backup's manifest already exists, it is returned as it is.
   */
  SourceBackupResult dump(SourceBackupRequest request, String database, String kind) {
    return dump(request, null, database, kind);
  }

  /**
   * The same, from {@code server} (null: the target's own): a safety backup of a destination on
   * another server (a standby) is taken there, of what the restore is about to replace.
   */
  SourceBackupResult dump(SourceBackupRequest request, PostgresServer server, String database, String kind) {
    return dump(new DumpRequest(request.target(), server, database, request.backupId(), kind, request.workflowId(),
        request.runId(), request.source().schema()));
  }

  private SourceBackupResult dump(DumpRequest request) {
    PostgresTarget target = targets.get(request.target());
    String database = request.database() == null ? target.database() : request.database();
    PostgresServer server = request.server() == null ? target.server() : request.server();
    String manifestKey = backups.manifestKey(request.target(), request.kind(), request.backupId());
    if (backups.exists(manifestKey)) {
      // A retry after the backup completed (e.g. the worker died before reporting): same result.
      return result(backups.readManifest(manifestKey).manifest(), manifestKey);
    }
    String objectKey = BackupStore.objectKey(manifestKey, DUMP_OBJECT);
    try (Connection snapshotHolder = server.connect(database);
        Heartbeat heartbeat = Heartbeat.start("dump")) {
      snapshotHolder.setAutoCommit(false);
      snapshotHolder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      if (request.schema() != null && !Schemas.exists(snapshotHolder, request.schema())) {
        throw ApplicationFailure.newNonRetryableFailure("schema " + request.schema() + " does not exist in database "
            + database + " of target " + request.target() + "; its schemas: "
            + String.join(", ", Schemas.all(snapshotHolder)) + " — check the name (it is case-sensitive)",
            FailureTypes.UNKNOWN_SCHEMA);
      }
      Snapshot snapshot = exportSnapshot(snapshotHolder);
      Globals globals = GlobalsCapture.capture(snapshotHolder);
      StoredObject stored;
      Map<String, Long> rowCounts;
      List<String> command = new ArrayList<>(
          List.of("pg_dump", "--format=custom", "--compress=0", "--snapshot=" + snapshot.id(), "--no-password"));
      if (request.schema() != null) {
        command.add("--schema=" + SchemaCopy.quotedPattern(request.schema()));
      }
      try (ToolProcess pgDump = ToolProcess.start(command, server.toolEnvironment(database))) {
        heartbeat.onStop(pgDump::close);
        heartbeat.onStop(() -> abort(snapshotHolder)); // the row counts run on it
        pgDump.stdin().close();
        // Counting runs in the exported snapshot while pg_dump streams from the same snapshot.
        RowCountTask counting = RowCountTask.start(snapshotHolder, request.schema());
        // A pg_dump that fails mid-stream leaves nothing stored, not a truncated dump.
        try {
          stored = writer.write(pgDump.stdout(), objectKey, heartbeat::set, pgDump::waitForSuccess);
          rowCounts = counting.join();
        } catch (RuntimeException e) {
          heartbeat.throwIfStopped();
          throw e;
        }
      }
      snapshotHolder.rollback();
      List<Manifest.StoredObject> objects = new ArrayList<>(List.of(
          new Manifest.StoredObject(DUMP_OBJECT, stored.rawBytes(), stored.storedBytes(), stored.sha256())));
      objects.add(small(globals.toJson(), manifestKey, GLOBALS_OBJECT));
      objects.add(small(GlobalsSql.script(globals).getBytes(StandardCharsets.UTF_8), manifestKey, GLOBALS_SCRIPT));
      Map<String, String> tools = new TreeMap<>(toolVersions);
      tools.put("server", snapshot.serverVersion());
      Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, request.backupId(), request.target(),
          request.kind(), database, Instant.now(), new Manifest.RecoveryPoint(snapshot.time(), snapshot.lsn()),
          tools, objects.stream().mapToLong(Manifest.StoredObject::rawBytes).sum(),
          objects.stream().mapToLong(Manifest.StoredObject::storedBytes).sum(), objects, encryption, null,
          new Manifest.WorkflowRun(request.workflowId(), request.runId()), rowCounts, request.schema(), null,
          request.schema() == null ? Databases.size(snapshotHolder, database)
              : Schemas.size(snapshotHolder, request.schema()),
          new Manifest.Globals(GLOBALS_OBJECT, GLOBALS_SCRIPT, globals.roles().size(), globals.passwords()));
      backups.writeManifest(manifest);
      return result(manifest, manifestKey);
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("backup of " + database + " on target " + request.target() + " failed: "
          + e.getMessage(), e);
    }
  }

  /** A small object (a few kilobytes) through the same pipeline as the dump: compressed, encrypted, checksummed. */
  private Manifest.StoredObject small(byte[] content, String manifestKey, String name) {
    StoredObject stored = writer.write(new ByteArrayInputStream(content), BackupStore.objectKey(manifestKey, name),
        bytes -> {});
    return new Manifest.StoredObject(name, stored.rawBytes(), stored.storedBytes(), stored.sha256());
  }

  private static void abort(Connection connection) {
    try {
      connection.abort(Runnable::run);
    } catch (SQLException closed) {
      // nothing left to stop
    }
  }

  private static Snapshot exportSnapshot(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT pg_export_snapshot(), now(), "
            + "current_setting('server_version'), "
            + "CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END::text")) {
      rs.next();
      return new Snapshot(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4));
    }
  }

  private static SourceBackupResult result(Manifest manifest, String manifestKey) {
    long tables = manifest.rowCounts() == null ? 0 : manifest.rowCounts().keySet().stream()
        .filter(t -> !t.equals(RowCounts.LARGE_OBJECTS)).count();
    return new SourceBackupResult(manifest.backupId(), manifest.kind(), manifestKey, manifest.recoveryPoint().time(),
        manifest.rawBytes(), manifest.storedBytes(), null,
        manifest.rawBytes() + " bytes from " + tables + " tables of database " + manifest.database()
            + (manifest.schema() == null ? "" : ", schema " + manifest.schema()),
        List.of(), List.of());
  }

  /** {@code server} and {@code database} null: the target's own; {@code schema} null: all of it. */
  private record DumpRequest(String target, PostgresServer server, String database, String backupId, String kind,
      String workflowId, String runId, String schema) {}

  private record Snapshot(String id, Instant time, String serverVersion, String lsn) {}
}
