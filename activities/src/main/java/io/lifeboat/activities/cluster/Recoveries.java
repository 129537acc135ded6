package io.lifeboat.activities.cluster;

import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.postgres.PostgresServer;
import io.lifeboat.activities.postgres.ToolProcess;
import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.activities.wal.Lsn;
import io.lifeboat.activities.wal.WalArchive.ArchivedFile;
import io.lifeboat.activities.wal.WalFileName;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.files.DirectoryTrees;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.cluster.PointInTimeRequest;
import io.lifeboat.workflows.cluster.RecoveredServer;
import io.lifeboat.workflows.cluster.RecoveryPlan;
import io.lifeboat.workflows.cluster.RecoveryTarget;
import io.lifeboat.workflows.cluster.ScratchServer;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Point-in-time recovery of a cluster target into a new data directory beside the live one:
 * plan against the archive, fetch the base backup (decrypted straight into {@code tar -x}),
 * configure recovery, start the server, and wait for it to reach the target and promote.
 */
final class Recoveries {
  /** Inside the new data directory: which base backup is in it and whether it is whole. */
  static final String STATE_FILE = "lifeboat-recovery.state";
  static final String LOG_FILE = "lifeboat-recovery.log";
  /** A timestamp as PostgreSQL's settings take it (not ISO-8601's "T…Z"). */
  private static final DateTimeFormatter POSTGRES_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);

  private final ClusterTargets targets;
  private final Catalog catalog;
  private final StoredBackups stored;
  private final ArchiveChecks archive;

  Recoveries(ClusterTargets targets, Catalog catalog, StoredBackups stored, ArchiveChecks archive) {
    this.targets = targets;
    this.catalog = catalog;
    this.stored = stored;
    this.archive = archive;
  }

  RecoveryPlan plan(PointInTimeRequest request) {
    ClusterTarget target = targets.get(request.target());
    RecoveryTarget to = request.to();
    validate(request);
    BackupEntry base = baseBackup(target, request);
    Manifest.WalRange wal = walRange(stored.manifest(base.backupId()));
    ArchiveChecks.Listing listing = archive.list(target.name());
    List<ArchivedFile> timeline = listing.segments().getOrDefault(wal.timeline(), List.of());
    long first = WalFileName.parse(wal.startSegment()).orElseThrow().segmentNumber(wal.segmentBytes());
    List<String> gaps = timeline.isEmpty() ? List.of(wal.startSegment()) : listing.gaps(timeline, first);
    if (!gaps.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("the WAL archive of target " + target.name() + " misses "
          + String.join(", ", gaps) + " after base backup " + base.backupId() + " (which starts at "
          + wal.startSegment() + "): a recovery cannot replay past a gap, so it was not started; nothing was"
          + " changed. `lifeboat archive check " + target.name() + "` lists the gaps", FailureTypes.WAL_GAP);
    }
    ArchivedFile last = timeline.get(timeline.size() - 1);
    Instant lastArchivedAt = listing.lastArchivedAt();
    if (to.time() != null && to.time().isBefore(wal.endedAt())) {
      throw outOfRange(to + " is before base backup " + base.backupId() + " was complete (" + wal.endedAt()
          + "); choose a later time, or an older base backup");
    }
    if (to.time() != null && to.time().isAfter(lastArchivedAt)) {
      throw outOfRange(to + " is after the newest archived WAL of target " + target.name() + " (stored "
          + lastArchivedAt + ", " + last.file() + "): the archive cannot show what happened up to then; choose a"
          + " time up to " + lastArchivedAt + ", or switch WAL on the server (SELECT pg_switch_wal()) and retry");
    }
    if (to.lsn() != null) {
      long lsn = Lsn.parse(to.lsn());
      long archivedEnd = (last.file().segmentNumber(wal.segmentBytes()) + 1) * wal.segmentBytes();
      if (lsn < Lsn.parse(wal.endLsn()) || lsn > archivedEnd) {
        throw outOfRange(to + " is outside what base backup " + base.backupId() + " and the archive cover ("
            + wal.endLsn() + " to " + Lsn.format(archivedEnd) + ")");
      }
    }
    return new RecoveryPlan(base.backupId(), wal.endedAt(), wal.endLsn(), wal.startSegment(), last.file().name(),
        lastArchivedAt, target.rpo().toMillis(), target.rto().toMillis());
  }

  private static void validate(PointInTimeRequest request) {
    if (request.to() == null || request.to().given() != 1) {
      throw badRequest("give exactly one recovery target: a time, a WAL position or a restore point name");
    }
    if (request.to().lsn() != null) {
      try {
        Lsn.parse(request.to().lsn());
      } catch (IllegalArgumentException e) {
        throw badRequest(e.getMessage());
      }
    }
    if (request.dataDirectory() == null || !request.dataDirectory().startsWith("/")) {
      throw badRequest("the data directory must be an absolute path, was '" + request.dataDirectory() + "'");
    }
    if (request.port() < 1 || request.port() > 65535) {
      throw badRequest("the port must be between 1 and 65535, was " + request.port());
    }
  }

  /** The base backup asked for, or the newest complete before a time target (else the newest). */
  private BackupEntry baseBackup(ClusterTarget target, PointInTimeRequest request) {
    String selector = request.backup() == null || request.backup().isBlank() ? "" : request.backup().strip();
    Optional<BackupEntry> found;
    if (!selector.isEmpty() && !selector.equals("latest")) {
      found = catalog.findBackup(selector)
          .filter(b -> b.target().equals(target.name()) && b.kind().equals(SourceKinds.PG_BASE));
    } else if (request.to().time() != null && selector.isEmpty()) {
      found = catalog.latestBackupBefore(target.name(), SourceKinds.PG_BASE, request.to().time());
      if (found.isEmpty() && catalog.latestBackup(target.name(), SourceKinds.PG_BASE).isPresent()) {
        throw outOfRange(request.to() + " is before every base backup of target " + target.name() + " was complete;"
            + " `lifeboat backups --target " + target.name() + "` lists them");
      }
    } else {
      found = catalog.latestBackup(target.name(), SourceKinds.PG_BASE);
    }
    return found.orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("no base backup of target "
        + target.name() + (selector.isEmpty() ? "" : " matches '" + selector + "'") + "; take one with `lifeboat"
        + " backup " + target.name() + "`", FailureTypes.BACKUP_NOT_FOUND));
  }

  void fetch(PointInTimeRequest request, RecoveryPlan plan) {
    ClusterTarget target = targets.get(request.target());
    Path dir = Path.of(request.dataDirectory());
    String fetching = "fetching " + plan.backupId();
    String fetched = "fetched " + plan.backupId();
    Optional<String> state = state(dir);
    if (state.filter(fetched::equals).isPresent()) {
      return;
    }
    if (!isEmpty(dir)) {
      if (state.filter(fetching::equals).isEmpty()) {
        throw badRequest("the data directory " + dir + " is not empty; nothing was changed. Recover into a new or"
            + " empty directory");
      }
      clear(dir); // an earlier attempt of this very recovery stopped half way
    }
    SignedManifest signed = stored.manifest(plan.backupId());
    Manifest.StoredObject object = signed.manifest().objects().stream()
        .filter(o -> o.name().equals(BaseBackups.OBJECT)).findFirst()
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("backup " + plan.backupId() + " has no "
            + BaseBackups.OBJECT, FailureTypes.INTEGRITY));
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(STATE_FILE), fetching);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    ServerCommands.own(target, dir.toString());
    try (Heartbeat heartbeat = Heartbeat.start("fetch-base");
        ToolProcess tar = ToolProcess.start(ServerCommands.as(target, List.of("tar", "-x", "-f", "-", "-C",
            dir.toString())), Map.of())) {
      try (OutputStream in = tar.stdin()) {
        stored.read(signed, object, in, heartbeat::set);
      } catch (IOException e) {
        throw untarFailed(tar, plan, dir, e);
      } catch (UncheckedIOException e) {
        throw untarFailed(tar, plan, dir, e.getCause());
      }
      tar.waitForSuccess();
    }
    try {
      Files.writeString(dir.resolve(STATE_FILE), fetched);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(STATE_FILE) + ": " + e.getMessage(), e);
    }
  }

  /** A fresh directory under the temporary folder and a free port to test-restore a base backup in. */
  ScratchServer scratch(String backupId) {
    BackupEntry backup = catalog.findBackup(backupId)
        .filter(b -> b.kind().equals(SourceKinds.PG_BASE) && b.recoveryLsn() != null)
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("no base backup " + backupId
            + " in the catalog; `lifeboat backups` lists them", FailureTypes.BACKUP_NOT_FOUND));
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "lifeboat-verify-" + backupId).toAbsolutePath();
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port for a scratch server: " + e.getMessage(), e);
    }
    ScratchServer scratch = new ScratchServer(backup.target(), dir.toString(), port, backup.recoveryLsn());
    remove(scratch); // what a crashed earlier attempt left
    return scratch;
  }

  void remove(ScratchServer scratch) {
    ClusterTarget target = targets.get(scratch.target());
    Path dir = Path.of(scratch.dataDirectory());
    if (!Files.exists(dir)) {
      return;
    }
    if (running(target, dir)) {
      ServerCommands.run(ServerCommands.pgCtl(target, "stop", "-D", dir.toString(), "-m", "immediate", "-w"),
          "stop the scratch server in " + dir);
    }
    DirectoryTrees.delete(dir);
  }

  /** tar's own words when it stopped reading (a full disk, a permission), else the write's failure. */
  private static RuntimeException untarFailed(ToolProcess tar, RecoveryPlan plan, Path dir, IOException e) {
    return tar.failureIfExited().map(RuntimeException.class::cast).orElseGet(() -> new UncheckedIOException(
        "untarring base backup " + plan.backupId() + " into " + dir + " failed: " + e.getMessage(), e));
  }

  void start(PointInTimeRequest request, RecoveryPlan plan) {
    ClusterTarget target = targets.get(request.target());
    Path dir = Path.of(request.dataDirectory());
    if (running(target, dir)) {
      return;
    }
    ClusterTarget.Wal wal = target.wal();
    RecoveryTarget to = request.to();
    String targetSetting = to.time() != null ? "recovery_target_time = '" + POSTGRES_TIME.format(to.time()) + "'"
        : to.lsn() != null ? "recovery_target_lsn = '" + to.lsn() + "'"
        : "recovery_target_name = '" + to.name().replace("'", "''") + "'";
    String settings = String.join("\n",
        "",
        "# Point-in-time recovery by Lifeboat from base backup " + plan.backupId() + " to " + to,
        "port = " + request.port(),
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = ''",
        "archive_mode = off", // the copy must never archive into the live cluster's archive
        "restore_command = '" + wal.client() + " -u " + wal.url() + " -s " + wal.secretFile() + " fetch "
            + target.name() + " %f %p'",
        targetSetting,
        "recovery_target_action = 'promote'",
        "");
    try {
      Files.writeString(dir.resolve("postgresql.auto.conf"), settings, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      Files.writeString(dir.resolve("recovery.signal"), "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the recovery settings into " + dir + ": " + e.getMessage(), e);
    }
    ServerCommands.own(target, dir.resolve("postgresql.auto.conf").toString(), dir.resolve("recovery.signal").toString());
    ServerCommands.run(ServerCommands.pgCtl(target, "start", "-D", dir.toString(), "-l", dir.resolve(LOG_FILE).toString(),
        "-W"), "start the recovered server in " + dir);
    awaitPidFile(dir, request);
  }

  /** pg_ctl -W returns before the postmaster wrote its pid file; until then it cannot be told from a dead one. */
  private static void awaitPidFile(Path dir, PointInTimeRequest request) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!Files.exists(dir.resolve("postmaster.pid"))) {
      if (System.nanoTime() > deadline) {
        throw stopped(dir, request);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  RecoveredServer await(PointInTimeRequest request, RecoveryPlan plan) {
    ClusterTarget target = targets.get(request.target());
    Path dir = Path.of(request.dataDirectory());
    PostgresServer server = new PostgresServer("127.0.0.1", request.port(), target.server().user(),
        target.server().password(), target.server().sslMode());
    while (true) {
      Activity.getExecutionContext().heartbeat(request.to().toString());
      if (!running(target, dir)) {
        throw stopped(dir, request);
      }
      Optional<RecoveredServer> promoted = promoted(server, dir);
      if (promoted.isPresent()) {
        return promoted.get();
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** The server's state once it has left recovery; empty while it replays (or does not answer yet). */
  private static Optional<RecoveredServer> promoted(PostgresServer server, Path dir) {
    try (Connection c = server.connect(PostgresServer.MAINTENANCE_DATABASE); Statement s = c.createStatement();
        // pg_current_wal_lsn() raises an error while in recovery, when a hot standby already answers
        ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), pg_last_xact_replay_timestamp(),"
            + " pg_last_wal_replay_lsn(), CASE WHEN pg_is_in_recovery() THEN NULL"
            + " ELSE pg_walfile_name(pg_current_wal_lsn()) END")) {
      rs.next();
      if (rs.getBoolean(1) || rs.getString(4) == null) {
        return Optional.empty();
      }
      Timestamp last = rs.getTimestamp(2);
      return Optional.of(new RecoveredServer(dir.toString(), server.port(), last == null ? null : last.toInstant(),
          rs.getString(3), Long.parseLong(rs.getString(4).substring(0, 8), 16), answeringDatabases(server, c)));
    } catch (ApplicationFailure e) {
      return Optional.empty(); // not accepting connections yet
    } catch (SQLException e) {
      if ("57P03".equals(e.getSQLState())) {
        return Optional.empty(); // the database system is starting up
      }
      throw ApplicationFailure.newFailure("querying the recovered server on port " + server.port() + " failed: "
          + e.getMessage(), FailureTypes.DATABASE_UNREACHABLE);
    }
  }

  /** Every database that allows connections answers a catalog query. */
  private static int answeringDatabases(PostgresServer server, Connection maintenance) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = maintenance.createStatement();
        ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    for (String name : names) {
      try (Connection c = server.connect(name); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class")) {
        rs.next();
      }
    }
    return names.size();
  }

  private static ApplicationFailure stopped(Path dir, PointInTimeRequest request) {
    String log = logTail(dir.resolve(LOG_FILE));
    if (log.contains("recovery ended before configured recovery target was reached")) {
      return outOfRange("the archive ended before the recovery reached " + request.to() + " (for a restore point:"
          + " no such name was created after the base backup); the recovered server in " + dir + " stopped. Log: "
          + log);
    }
    return ApplicationFailure.newNonRetryableFailure("the recovered server in " + dir + " stopped before reaching "
        + request.to() + ". Log: " + log, FailureTypes.TOOL_FAILED);
  }

  private static boolean running(ClusterTarget target, Path dir) {
    if (!Files.exists(dir.resolve("postmaster.pid"))) {
      return false;
    }
    try {
      return CommandOutput.run(ServerCommands.pgCtl(target, "status", "-D", dir.toString())).succeeded();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run pg_ctl status: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * The log's FATAL and PANIC lines, or its last lines; with what the restore command said when it
   * stopped the recovery (a WAL file refused), which PostgreSQL's own line does not.
   */
  private static String logTail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> fatal = lines.stream()
          .filter(l -> l.contains("FATAL") || l.contains("PANIC") || l.startsWith("lifeboat-wal:")).toList();
      List<String> shown = fatal.isEmpty() ? lines.subList(Math.max(0, lines.size() - 5), lines.size()) : fatal;
      return String.join(" | ", shown);
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  private static Optional<String> state(Path dir) {
    try {
      return Optional.of(Files.readString(dir.resolve(STATE_FILE)).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean isEmpty(Path dir) {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void clear(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir + " of a half-fetched base backup: " + e.getMessage(), e);
    }
  }

  private static Manifest.WalRange walRange(SignedManifest signed) {
    if (signed.manifest().wal() == null || !SourceKinds.PG_BASE.equals(signed.manifest().kind())) {
      throw badRequest("backup " + signed.manifest().backupId() + " is a " + signed.manifest().kind() + " backup, not"
          + " a base backup of a cluster");
    }
    return signed.manifest().wal();
  }

  private static ApplicationFailure outOfRange(String message) {
    return ApplicationFailure.newNonRetryableFailure(message + "; nothing was changed",
        FailureTypes.TARGET_OUT_OF_RANGE);
  }

  private static ApplicationFailure badRequest(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.BAD_REQUEST);
  }
}
