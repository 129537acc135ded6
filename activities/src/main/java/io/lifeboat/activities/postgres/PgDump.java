package io.lifeboat.activities.postgres;

import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.artifact.StoredObject;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pg_dump -Fc -Z0} of a database, taken from a snapshot this activity exports so that the
 * recovery point and the per-table row counts in the manifest describe exactly the dumped data.
 * The dump streams into the artifact pipeline; nothing lands on local disk. A tenant backup dumps
 * one schema ({@code --schema}), counts only its tables and names it in the manifest. Beside the
 * dump go the {@link Globals} the database needs from its cluster, as JSON for a restore and as
 * SQL for {@code psql}; the dump stays the first object. A target of several databases dumps each
 * the same way into its own folder, {@code databases/<name>/}, all in one backup with one manifest.
 */
public final class PgDump {
  static final String DUMP_OBJECT = "dump.zst.pgp";
  static final String GLOBALS_OBJECT = "globals.json.zst.pgp";
  static final String GLOBALS_SCRIPT = "globals.sql.zst.pgp";
  private static final Pattern CLIENT_VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

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
    String manifestKey = backups.manifestKey(request.target(), request.kind(), request.backupId());
    if (backups.exists(manifestKey)) {
      // A retry after the backup completed (e.g. the worker died before reporting): same result.
      return result(backups.readManifest(manifestKey).manifest(), manifestKey);
    }
    if (request.database() == null && target.severalDatabases() && request.schema() == null) {
      return dumpSeveral(request, target, manifestKey);
    }
    String database = request.database() != null ? request.database()
        : request.schema() != null ? target.tenantDatabase() : target.database();
    Dumped dumped = dumpOne(request, target, database, manifestKey, "");
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, request.backupId(), request.target(),
        request.kind(), database, Instant.now(), dumped.recoveryPoint(), tools(dumped.serverVersion()),
        rawBytes(dumped.objects()), storedBytes(dumped.objects()), dumped.objects(), encryption, null,
        new Manifest.WorkflowRun(request.workflowId(), request.runId()), dumped.rowCounts(), request.schema(), null,
        dumped.sourceBytes(), dumped.globals());
    backups.writeManifest(manifest);
    return result(manifest, manifestKey);
  }

  /**
   * One dump after the other (memory stays flat), each from its own snapshot: one recovery point
   * across databases is impossible with pg_dump, so each database records its own and the
   * backup's is the earliest of them. A safety backup skips listed databases the server lacks.
   */
  private SourceBackupResult dumpSeveral(DumpRequest request, PostgresTarget target, String manifestKey) {
    List<String> names;
    try (Connection maintenance = request.serverOf(target).connect(PostgresServer.MAINTENANCE_DATABASE)) {
      names = ServerDatabases.select(maintenance, target.databases(), request.target(),
          request.kind().equals(SourceKinds.PG_SAFETY));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list the databases of target " + request.target() + ": "
          + e.getMessage(), e);
    }
    if (names.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("target " + request.target() + " names no database that"
          + " exists on its server (databases: all leaves out postgres and the templates); create one, or list"
          + " the ones to back up", FailureTypes.BAD_REQUEST);
    }
    List<Manifest.StoredObject> objects = new ArrayList<>();
    List<Manifest.DatabaseDump> databases = new ArrayList<>();
    Manifest.RecoveryPoint earliest = null;
    String serverVersion = null;
    long sourceBytes = 0;
    for (String name : names) {
      Dumped dumped = dumpOne(request, target, name, manifestKey, DatabaseParts.folder(name));
      objects.addAll(dumped.objects());
      databases.add(new Manifest.DatabaseDump(name, dumped.objects().get(0).name(), dumped.globals(),
          dumped.recoveryPoint(), dumped.rowCounts(), dumped.sourceBytes()));
      if (earliest == null || dumped.recoveryPoint().time().isBefore(earliest.time())) {
        earliest = dumped.recoveryPoint();
      }
      serverVersion = dumped.serverVersion();
      sourceBytes += dumped.sourceBytes();
    }
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, request.backupId(), request.target(),
        request.kind(), null, Instant.now(), earliest, tools(serverVersion), rawBytes(objects), storedBytes(objects),
        objects, encryption, null, new Manifest.WorkflowRun(request.workflowId(), request.runId()), null, null, null,
        sourceBytes, null, databases);
    backups.writeManifest(manifest);
    return result(manifest, manifestKey);
  }

  /**
   * Dumps one database (or the request's schema of it) with its globals as objects named
   * {@code folder} + {@link #DUMP_OBJECT}, {@link #GLOBALS_OBJECT}, {@link #GLOBALS_SCRIPT}, the dump first.
   */
  private Dumped dumpOne(DumpRequest request, PostgresTarget target, String database, String manifestKey,
      String folder) {
    String objectKey = BackupStore.objectKey(manifestKey, folder + DUMP_OBJECT);
    try (Connection snapshotHolder = request.serverOf(target).connect(database);
        Heartbeat heartbeat = Heartbeat.start("dump " + database)) {
      snapshotHolder.setAutoCommit(false);
      snapshotHolder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      if (request.schema() != null && !Schemas.exists(snapshotHolder, request.schema())) {
        throw ApplicationFailure.newNonRetryableFailure("schema " + request.schema() + " does not exist in database "
            + database + " of target " + request.target() + "; its schemas: "
            + String.join(", ", Schemas.all(snapshotHolder)) + " — check the name (it is case-sensitive)",
            FailureTypes.UNKNOWN_SCHEMA);
      }
      Snapshot snapshot = exportSnapshot(snapshotHolder);
      requireDumpable(request.target(), snapshot.serverVersion());
      Globals globals = GlobalsCapture.capture(snapshotHolder);
      StoredObject stored;
      Map<String, Long> rowCounts;
      List<String> command = new ArrayList<>(
          List.of("pg_dump", "--format=custom", "--compress=0", "--snapshot=" + snapshot.id(), "--no-password"));
      if (request.schema() != null) {
        command.add("--schema=" + SchemaCopy.quotedPattern(request.schema()));
      }
      try (ToolProcess pgDump = ToolProcess.start(command, request.serverOf(target).toolEnvironment(database))) {
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
      List<Manifest.StoredObject> objects = new ArrayList<>(List.of(new Manifest.StoredObject(folder + DUMP_OBJECT,
          stored.rawBytes(), stored.storedBytes(), stored.sha256())));
      objects.add(small(globals.toJson(), manifestKey, folder + GLOBALS_OBJECT));
      objects.add(small(GlobalsSql.script(globals).getBytes(StandardCharsets.UTF_8), manifestKey,
          folder + GLOBALS_SCRIPT));
      long sourceBytes = request.schema() == null ? Databases.size(snapshotHolder, database)
          : Schemas.size(snapshotHolder, request.schema());
      return new Dumped(objects, rowCounts, new Manifest.RecoveryPoint(snapshot.time(), snapshot.lsn()),
          snapshot.serverVersion(), sourceBytes, new Manifest.Globals(folder + GLOBALS_OBJECT, folder + GLOBALS_SCRIPT,
              globals.roles().size(), globals.passwords()));
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("backup of " + database + " on target " + request.target() + " failed: "
          + e.getMessage(), e);
    }
  }

  /**
   * pg_dump refuses a server of a newer major version than its own, and says so only once it runs:
   * this says it first, naming the package to install, before anything is written.
   */
  private void requireDumpable(String target, String serverVersion) {
    int server = PostgresDestinations.major(serverVersion);
    String pgDump = toolVersions.get("pg_dump");
    int client = clientMajor(pgDump);
    if (server > 0 && client > 0 && server > client) {
      throw ApplicationFailure.newNonRetryableFailure("target " + target + " runs PostgreSQL " + serverVersion
          + " and this worker's pg_dump is " + client + " (" + pgDump + "), which cannot dump a newer server;"
          + " nothing was written: install the Debian package postgresql-client-" + server
          + " (pg_dump " + server + " or newer) on the worker", FailureTypes.TOOL_FAILED);
    }
  }

  /** The major version in {@code pg_dump --version}'s line ("pg_dump (PostgreSQL) 15.18 (Debian …)"); 0 when none. */
  static int clientMajor(String versionLine) {
    Matcher m = CLIENT_VERSION.matcher(versionLine == null ? "" : versionLine);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private Map<String, String> tools(String serverVersion) {
    Map<String, String> tools = new TreeMap<>(toolVersions);
    tools.put("server", serverVersion);
    return tools;
  }

  private static long rawBytes(List<Manifest.StoredObject> objects) {
    return objects.stream().mapToLong(Manifest.StoredObject::rawBytes).sum();
  }

  private static long storedBytes(List<Manifest.StoredObject> objects) {
    return objects.stream().mapToLong(Manifest.StoredObject::storedBytes).sum();
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
    if (manifest.databases() != null) {
      long tables = manifest.databases().stream().mapToLong(d -> tables(d.rowCounts())).sum();
      return new SourceBackupResult(manifest.backupId(), manifest.kind(), manifestKey,
          manifest.recoveryPoint().time(), manifest.rawBytes(), manifest.storedBytes(), null,
          manifest.rawBytes() + " bytes from " + tables + " tables of " + manifest.databases().size()
              + " databases: " + String.join(", ", manifest.databases().stream().map(Manifest.DatabaseDump::name)
              .toList()) + " (recovery point: the earliest of their snapshots)", List.of(), List.of());
    }
    long tables = tables(manifest.rowCounts());
    return new SourceBackupResult(manifest.backupId(), manifest.kind(), manifestKey, manifest.recoveryPoint().time(),
        manifest.rawBytes(), manifest.storedBytes(), null,
        manifest.rawBytes() + " bytes from " + tables + " tables of database " + manifest.database()
            + (manifest.schema() == null ? "" : ", schema " + manifest.schema()),
        List.of(), List.of());
  }

  private static long tables(Map<String, Long> rowCounts) {
    return rowCounts == null ? 0 : rowCounts.keySet().stream().filter(t -> !t.equals(RowCounts.LARGE_OBJECTS)).count();
  }

  /** One database dumped: its objects (the dump first), what it held, and its snapshot. */
  private record Dumped(List<Manifest.StoredObject> objects, Map<String, Long> rowCounts,
      Manifest.RecoveryPoint recoveryPoint, String serverVersion, long sourceBytes, Manifest.Globals globals) {}

  /** {@code database} null: the target's own (its several, for a target of several); {@code schema} null: all of it. */
  private record DumpRequest(String target, PostgresServer server, String database, String backupId, String kind,
      String workflowId, String runId, String schema) {

    /** Where the dump is taken: the target's own server, or a destination's (a safety backup there). */
    PostgresServer serverOf(PostgresTarget target) {
      return server == null ? target.server() : server;
    }
  }

  private record Snapshot(String id, Instant time, String serverVersion, String lsn) {}
}
