package io.lifeboat.activities.cluster;

import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.artifact.StoredObject;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.postgres.PostgresServer;
import io.lifeboat.activities.postgres.ToolProcess;
import io.lifeboat.activities.wal.Lsn;
import io.lifeboat.activities.wal.WalArchive;
import io.lifeboat.activities.wal.WalFileName;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Base backups: {@code pg_basebackup -Ft -D - -X none} streamed into the artifact pipeline (no
 * local copy), the WAL positions read from the tar stream as it passes, and the backup recorded
 * only once the archive holds every segment from its start to its end.
 */
final class BaseBackups {
  static final String OBJECT = "base.tar.zst.pgp";

  private final ClusterTargets targets;
  private final BackupStore backups;
  private final StoredBackups stored;
  private final ArtifactWriter writer;
  private final WalArchive archive;
  private final Manifest.Encryption encryption;
  private final Map<String, String> tools;

  BaseBackups(ClusterTargets targets, BackupStore backups, StoredBackups stored, ArtifactWriter writer,
      WalArchive archive, Manifest.Encryption encryption, Map<String, String> tools) {
    this.targets = targets;
    this.backups = backups;
    this.stored = stored;
    this.writer = writer;
    this.archive = archive;
    this.encryption = encryption;
    this.tools = tools;
  }

  SourceBackupResult backup(SourceBackupRequest request) {
    ClusterTarget target = targets.get(request.target());
    String manifestKey = backups.manifestKey(target.name(), SourceKinds.PG_BASE, request.backupId());
    if (backups.exists(manifestKey)) {
      return result(backups.readManifest(manifestKey).manifest(), manifestKey);
    }
    ServerFacts facts = facts(target);
    Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS); // the catalog keeps microseconds
    List<String> command = List.of(target.binDirectory().resolve("pg_basebackup").toString(), "--pgdata=-",
        "--format=tar", "--wal-method=none", "--checkpoint=fast", "--no-password",
        "--label=lifeboat " + request.backupId());
    StoredObject object;
    BaseBackupTar tar;
    try (Heartbeat heartbeat = Heartbeat.start("basebackup");
        ToolProcess tool = ToolProcess.start(command, target.server().toolEnvironment(PostgresServer.MAINTENANCE_DATABASE))) {
      tar = new BaseBackupTar();
      object = writer.write(tar.tap(tool.stdout()), BackupStore.objectKey(manifestKey, OBJECT), heartbeat::set,
          tool::waitForSuccess);
    }
    Instant endedAt = Instant.now().truncatedTo(ChronoUnit.MICROS).plus(1, ChronoUnit.MICROS);
    BaseBackupTar.WalNeeded wal = tar.walNeeded().orElseThrow(() -> ApplicationFailure.newFailure("pg_basebackup's"
        + " output of " + target.where() + " holds no backup_label or backup_manifest with WAL positions; is the"
        + " cluster PostgreSQL 13 or later?", FailureTypes.TOOL_FAILED));
    String endSegment = WalFileName.segmentOf(wal.timeline(), Lsn.format(Lsn.parse(wal.endLsn()) - 1),
        facts.segmentBytes).name();
    requireArchived(target, wal, endSegment, facts.segmentBytes);

    Map<String, String> toolVersions = new TreeMap<>(tools);
    toolVersions.put("server", facts.version);
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, request.backupId(), target.name(),
        SourceKinds.PG_BASE, null, Instant.now(), new Manifest.RecoveryPoint(endedAt, wal.endLsn()),
        toolVersions, object.rawBytes(), object.storedBytes(),
        List.of(new Manifest.StoredObject(OBJECT, object.rawBytes(), object.storedBytes(), object.sha256())),
        encryption, null, new Manifest.WorkflowRun(request.workflowId(), request.runId()), Map.of(), null,
        new Manifest.WalRange(wal.timeline(), wal.startLsn(), wal.endLsn(), wal.startSegment(), endSegment,
            startedAt, endedAt, facts.segmentBytes));
    backups.writeManifest(manifest);
    return result(manifest, manifestKey);
  }

  /**
   * Checks a base backup without restoring it: the manifest's signature, the object's SHA-256,
   * decryption and decompression, and that the tar holds a backup_label starting where the
   * manifest says.
   */
  IntegrityReport check(String backupId) {
    SignedManifest signed = stored.manifest(backupId);
    Manifest manifest = signed.manifest();
    if (!SourceKinds.PG_BASE.equals(manifest.kind()) || manifest.wal() == null) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " is a " + manifest.kind() + " backup,"
          + " not a base backup of a cluster", FailureTypes.BAD_REQUEST);
    }
    Manifest.StoredObject object = manifest.objects().stream().filter(o -> o.name().equals(OBJECT)).findFirst()
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("backup " + backupId + " has no " + OBJECT,
            FailureTypes.INTEGRITY));
    BaseBackupTar tar = new BaseBackupTar();
    try (Heartbeat heartbeat = Heartbeat.start("check-base")) {
      stored.read(signed, object, tar, heartbeat::set);
    }
    String start = tar.walNeeded().map(BaseBackupTar.WalNeeded::startLsn).orElse(null);
    if (!manifest.wal().startLsn().equals(start)) {
      throw ApplicationFailure.newNonRetryableFailure("base backup " + backupId + " holds no backup_label starting at "
          + manifest.wal().startLsn() + " (found " + start + "); do not restore it", FailureTypes.INTEGRITY);
    }
    return new IntegrityReport(manifest.target(), manifest.objects().size(), manifest.storedBytes(), tar.members(),
        manifest.objects().size() + " objects, " + manifest.storedBytes() + " bytes, " + tar.members()
            + " tar members; backup_label where the manifest says; signature valid");
  }

  /** pg_basebackup waits for the archiver, so a segment missing here was never archived. */
  private void requireArchived(ClusterTarget target, BaseBackupTar.WalNeeded wal, String endSegment, long segmentBytes) {
    WalFileName start = WalFileName.parse(wal.startSegment()).orElseThrow();
    long last = WalFileName.parse(endSegment).orElseThrow().segmentNumber(segmentBytes);
    List<String> missing = new ArrayList<>();
    for (long n = start.segmentNumber(segmentBytes); n <= last; n++) {
      WalFileName segment = WalFileName.parse(WalFileName.segmentName(wal.timeline(), n, segmentBytes)).orElseThrow();
      if (!archive.contains(target.name(), segment)) {
        missing.add(segment.name());
      }
    }
    if (!missing.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("the WAL base backup of " + target.where() + " needs is not all"
          + " in the archive (missing " + String.join(", ", missing) + "); the backup was not recorded. Check that"
          + " archive_command runs `lifeboat-wal push " + target.name() + " %p %f` and that the worker's WAL receiver"
          + " is reachable (pg_stat_archiver shows failures)", FailureTypes.WAL_GAP);
    }
  }

  private static SourceBackupResult result(Manifest manifest, String manifestKey) {
    Manifest.WalRange wal = manifest.wal();
    return new SourceBackupResult(manifest.backupId(), manifest.kind(), manifestKey, manifest.recoveryPoint().time(),
        manifest.rawBytes(), manifest.storedBytes(), null,
        "base backup of " + manifest.rawBytes() + " bytes; WAL " + wal.startLsn() + " to " + wal.endLsn()
            + " on timeline " + wal.timeline() + " (" + wal.startSegment() + " to " + wal.endSegment() + ")",
        List.of(), List.of());
  }

  private record ServerFacts(String version, long segmentBytes) {}

  /** Refuses a cluster that does not archive: its base backups could never be restored. */
  private static ServerFacts facts(ClusterTarget target) {
    try (Connection c = target.server().connect(PostgresServer.MAINTENANCE_DATABASE);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), current_setting('archive_mode'),"
            + " (SELECT setting::bigint * CASE unit WHEN 'B' THEN 1 WHEN 'kB' THEN 1024 ELSE 1048576 END"
            + " FROM pg_settings WHERE name = 'wal_segment_size')")) {
      rs.next();
      if (rs.getString(2).equals("off")) {
        throw ApplicationFailure.newNonRetryableFailure("cluster " + target.where() + " has archive_mode off: a base"
            + " backup without its WAL archived cannot be restored. Set archive_mode = on and archive_command ="
            + " '" + target.wal().client() + " push " + target.name() + " %p %f', restart it, and back up again",
            FailureTypes.BAD_REQUEST);
      }
      return new ServerFacts(rs.getString(1), rs.getLong(3));
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure("cannot read the settings of " + target.where() + ": " + e.getMessage(),
          FailureTypes.DATABASE_UNREACHABLE);
    }
  }
}
