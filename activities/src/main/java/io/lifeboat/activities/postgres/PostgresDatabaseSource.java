package io.lifeboat.activities.postgres;

import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.sources.BackupSelector;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.activities.sources.Source;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A PostgreSQL database, backed up with {@code pg_dump} and restored beside the live database
 * first: the live one is renamed aside only once the restored copy has passed its checks, and
 * dropped only once the run has succeeded.
 */
public final class PostgresDatabaseSource implements Source {
  private final PostgresTargets targets;
  private final Catalog catalog;
  private final StoredBackups backups;
  private final PgDump dump;
  private final RenameIn renameIn;
  private final Destinations destinations;
  private final PostgresVerification verification;

  /** Test restores in a private cluster of the machine's PostgreSQL binaries. */
  public PostgresDatabaseSource(PostgresTargets targets, Catalog catalog, StoredBackups backups, PgDump dump) {
    this(targets, catalog, backups, dump, Destinations.NONE);
  }

  /** @param destinations the servers a restore may go to besides a target's own */
  public PostgresDatabaseSource(PostgresTargets targets, Catalog catalog, StoredBackups backups, PgDump dump,
      Destinations destinations) {
    this(targets, catalog, backups, dump, destinations, PostgresVerification.onThisMachine());
  }

  public PostgresDatabaseSource(PostgresTargets targets, Catalog catalog, StoredBackups backups, PgDump dump,
      PostgresVerification verification) {
    this(targets, catalog, backups, dump, Destinations.NONE, verification);
  }

  /**
   * @param destinations the servers a restore may go to besides a target's own
   * @param verification where test restores run
   */
  public PostgresDatabaseSource(PostgresTargets targets, Catalog catalog, StoredBackups backups, PgDump dump,
      Destinations destinations, PostgresVerification verification) {
    this(targets, catalog, backups, dump, Databases::rename, destinations, verification);
  }

  PostgresDatabaseSource(PostgresTargets targets, Catalog catalog, StoredBackups backups, PgDump dump,
      RenameIn renameIn) {
    this(targets, catalog, backups, dump, renameIn, Destinations.NONE, PostgresVerification.onThisMachine());
  }

  private PostgresDatabaseSource(PostgresTargets targets, Catalog catalog, StoredBackups backups, PgDump dump,
      RenameIn renameIn, Destinations destinations, PostgresVerification verification) {
    this.targets = targets;
    this.catalog = catalog;
    this.backups = backups;
    this.dump = dump;
    this.renameIn = renameIn;
    this.destinations = destinations;
    this.verification = verification;
  }

  @Override
  public String targetKind() {
    return SourceKinds.POSTGRES;
  }

  @Override
  public Set<String> backupKinds() {
    return Set.of(SourceKinds.PG_DUMP, SourceKinds.PG_SAFETY);
  }

  @Override
  public SourceBackupResult backup(SourceBackupRequest request) {
    return request.safety()
        ? dump.dump(request, server(request.safetyOf()), database(request.safetyOf()), SourceKinds.PG_SAFETY)
        : dump.dump(request, null, SourceKinds.PG_DUMP);
  }

  /** "latest" and "before:" pick among the target's dumps; an id may name one of its safety backups too. */
  @Override
  public ResolvedBackup resolve(TargetRef source, String selector) {
    PostgresTarget declared = targets.get(source.target());
    return BackupSelector.resolve(catalog, source.target(), SourceKinds.PG_DUMP, backupKinds(), selector,
        declared.rpo(), declared.rto());
  }

  /**
   * Verifies the manifest signature, then streams every object through SHA-256, decryption
   * (integrity protected) and decompression into {@code pg_restore --list}.
   */
  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    SignedManifest backup = backups.manifest(backupId);
    Manifest manifest = backup.manifest();
    int entries = 0;
    Set<String> dumps = new HashSet<>();
    for (SignedManifest part : DatabaseParts.select(backup, null)) {
      entries += PgRestore.list(backups, part);
      dumps.add(PgRestore.dumpObject(part.manifest()).name());
    }
    // Every further object (the globals) is checked by streaming it to nowhere.
    for (Manifest.StoredObject object : manifest.objects()) {
      if (!dumps.contains(object.name())) {
        backups.read(backup, object, OutputStream.nullOutputStream(), bytes -> {});
      }
    }
    return new IntegrityReport(manifest.target(), manifest.objects().size(), manifest.storedBytes(), entries,
        manifest.objects().size() + " objects, " + manifest.storedBytes() + " bytes, " + entries
            + " archive entries" + (dumps.size() > 1 ? " in " + dumps.size() + " databases" : "")
            + "; signature valid");
  }

  /** For a target of several databases restored whole: each database it names now, on the destination. */
  @Override
  public DestinationState inspect(Destination destination) {
    PostgresServer server = server(destination);
    String on = destination.server() == null ? "" : " on " + server.host() + ":" + server.port();
    if (restoresEvery(destination)) {
      PostgresTarget target = targets.get(destination.target());
      try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
        List<String> names = target.databases().all() ? ServerDatabases.all(maintenance) : target.databases().names();
        boolean holdsData = false;
        List<String> described = new ArrayList<>();
        for (String database : names) {
          Held held = held(server, maintenance, database);
          holdsData |= held.data();
          described.add(database + ": " + held.description());
        }
        return new DestinationState("the databases of target " + destination.target() + on, holdsData,
            described.isEmpty() ? "no database besides postgres" : String.join("; ", described), true);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot inspect the databases of target " + destination.target() + ": "
            + e.getMessage(), e);
      }
    }
    String database = database(destination);
    String name = "database " + database + " of target " + destination.target() + on;
    try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      Held held = held(server, maintenance, database);
      return new DestinationState(name, held.data(), held.description(), true);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot inspect database " + database + ": " + e.getMessage(), e);
    }
  }

  private static Held held(PostgresServer server, Connection maintenance, String database) throws SQLException {
    if (!Databases.exists(maintenance, database)) {
      return new Held(false, "does not exist");
    }
    long size = Databases.size(maintenance, database);
    try (Connection db = server.connect(database)) {
      int tables = RowCounts.tables(db);
      return new Held(tables > 0, tables + " tables, " + size + " bytes");
    }
  }

  /** What one database of a destination holds. */
  private record Held(boolean data, String description) {}

  /**
   * Refuses a restore of all that would replace a database the target no longer lists: the inspect
   * step (and the safety backup, and the question whether to replace) saw only the listed ones.
   */
  private void refuseUninspected(String backupId, Manifest backup, Destination destination, PostgresServer server) {
    PostgresTarget target = targets.get(destination.target());
    try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      List<String> inspected = target.databases().all() ? ServerDatabases.all(maintenance)
          : target.databases().names();
      List<String> unlisted = new ArrayList<>();
      for (String database : DatabaseParts.names(backup)) {
        if (!inspected.contains(database) && Databases.exists(maintenance, database)) {
          unlisted.add(database);
        }
      }
      if (!unlisted.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " holds " + String.join(", ", unlisted)
            + ", which target " + destination.target() + " no longer lists and which exist on its server; nothing"
            + " was changed. Restore each by name (--into NAME), or list them under databases: again",
            FailureTypes.BAD_REQUEST);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list the databases of target " + destination.target() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Creates the roles the backup's data needs that the destination server lacks (or, asked to skip
   * that, refuses before changing anything), then restores beside the live database; a failed
   * restore drops the staging database and the roles it created.
   */
  @Override
  public Staged restoreStaged(String backupId, Destination destination, String runToken) {
    SignedManifest backup = backups.manifest(backupId);
    List<SignedManifest> parts = DatabaseParts.select(backup, destination.place());
    PostgresServer server = server(destination);
    if (!restoresEvery(backup, destination)) {
      if (database(destination) == null) {
        // a backup of one database, from before the target named several: which one it replaces must be said
        throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " holds one database, "
            + backup.manifest().database() + ", and target " + destination.target() + " now backs up several;"
            + " nothing was changed. Restore it with --into " + backup.manifest().database(),
            FailureTypes.BAD_REQUEST);
      }
      String database = database(destination, backup.manifest());
      String staging = ScratchNames.staging(database, runToken);
      PostgresDestinations.refuseUnfit(parts.get(0).manifest(), server, database);
      String restored = restoreWithRoles(parts.get(0), server, staging, destination.skipRoles(),
          destination.noOwner(), runToken, "the server of database " + database + " of target "
              + destination.target());
      return new Staged(staging, "restored into " + staging + restored);
    }
    // Several databases: each is staged beside its own, one after the other; a failure leaves what
    // was staged so far to discardStaged.
    refuseUninspected(backupId, backup.manifest(), destination, server);
    PostgresDestinations.refuseUnfitFor(backup.manifest(), server, "restoring the databases "
        + String.join(", ", DatabaseParts.names(backup.manifest())));
    String suffix = ScratchNames.stagingSuffix(runToken);
    List<String> restored = new ArrayList<>();
    for (SignedManifest part : parts) {
      String database = part.manifest().database();
      String staging = ScratchNames.beside(database, suffix);
      restored.add(database + " into " + staging + restoreWithRoles(part, server, staging, destination.skipRoles(),
          destination.noOwner(), runToken, "the server of database " + database + " of target "
              + destination.target()));
    }
    return new Staged(ScratchNames.every(suffix), parts.size() + " databases restored: " + String.join("; ", restored));
  }

  @Override
  public Comparison compare(String backupId, Destination destination, Staged staged) {
    SignedManifest backup = backups.manifest(backupId);
    List<SignedManifest> parts = DatabaseParts.select(backup, destination.place());
    if (!ScratchNames.isEvery(staged.where())) {
      return RowCounts.comparison(parts.get(0).manifest().rowCounts(),
          RowCounts.countHeartbeating(server(destination), staged.where(), null));
    }
    String suffix = ScratchNames.suffixOf(staged.where());
    Map<String, Comparison> each = new LinkedHashMap<>();
    for (SignedManifest part : parts) {
      String database = part.manifest().database();
      each.put(database, RowCounts.comparison(part.manifest().rowCounts(),
          RowCounts.countHeartbeating(server(destination), ScratchNames.beside(database, suffix), null)));
    }
    return combined(each);
  }

  /** The comparisons of several databases as one; each mismatch names its database. */
  private static Comparison combined(Map<String, Comparison> each) {
    List<String> mismatches = new ArrayList<>();
    each.forEach((database, comparison) -> comparison.mismatches().forEach(m -> mismatches.add(database + ": " + m)));
    return new Comparison("tables", each.values().stream().mapToLong(Comparison::compared).sum(), mismatches);
  }

  /**
   * Renames the live database aside (ending its sessions), then the staged one in, within moments:
   * a failed second rename puts the live one back. Between the two renames a session connecting by
   * name is refused (the database does not exist) and connects again after. Done when the
   * staged database is already gone and the destination exists.
   */
  @Override
  public Committed commit(String backupId, Destination destination, Staged staged, String runToken) {
    if (ScratchNames.isEvery(staged.where())) {
      return commitEvery(backupId, destination, staged, runToken);
    }
    String database = database(destination) != null ? database(destination)
        : backups.manifest(backupId).manifest().database(); // a target of several databases, since
    String retired = ScratchNames.retired(database, runToken);
    String stagingDatabase = staged.where();
    // Renaming the live database aside waits for its sessions to end: beat meanwhile.
    try (Heartbeat heartbeat = Heartbeat.start("swap-" + database);
        Connection maintenance = server(destination).connect(PostgresServer.MAINTENANCE_DATABASE)) {
      if (!Databases.exists(maintenance, stagingDatabase)) {
        if (Databases.exists(maintenance, database)) {
          return committed(database, Databases.exists(maintenance, retired) ? retired : null); // an earlier attempt
        }
        if (Databases.exists(maintenance, retired)) {
          Databases.rename(maintenance, retired, database);
          throw ApplicationFailure.newNonRetryableFailure("the staged copy " + stagingDatabase + " is gone while "
              + database + " was set aside as " + retired + "; " + database + " was renamed back, unchanged. Run the"
              + " restore again", FailureTypes.BAD_REQUEST);
        }
        throw ApplicationFailure.newNonRetryableFailure("neither the staged copy " + stagingDatabase + " nor "
            + database + " exists; nothing was changed. Run the restore again", FailureTypes.BAD_REQUEST);
      }
      boolean setAside = Databases.exists(maintenance, retired);
      if (Databases.exists(maintenance, database)) {
        if (setAside) {
          throw ApplicationFailure.newNonRetryableFailure(retired + " holds what this restore set aside of " + database
              + ", and a database " + database + " was created since; nothing was changed. Compare them, keep the"
              + " right one under the name " + database + " (ALTER DATABASE ... RENAME TO), then run the restore"
              + " again", FailureTypes.BAD_REQUEST);
        }
        Databases.rename(maintenance, database, retired);
        setAside = true;
      } // else an earlier attempt set it aside (or there was none): the staged one goes in now
      try {
        renameIn.rename(maintenance, stagingDatabase, database);
      } catch (SQLException | RuntimeException failed) {
        if (Databases.exists(maintenance, retired) && !Databases.exists(maintenance, database)) {
          Databases.rename(maintenance, retired, database);
        }
        throw failed;
      }
      return committed(database, setAside ? retired : null);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot swap " + stagingDatabase + " in as " + database + ": "
          + e.getMessage(), e);
    }
  }

  /** Every staged database in: see {@link DatabaseSetSwap#commit}. */
  private Committed commitEvery(String backupId, Destination destination, Staged staged, String runToken) {
    List<String> databases = DatabaseParts.names(backups.manifest(backupId).manifest());
    try (Heartbeat heartbeat = Heartbeat.start("swap-databases");
        Connection maintenance = server(destination).connect(PostgresServer.MAINTENANCE_DATABASE)) {
      return DatabaseSetSwap.commit(maintenance, databases, ScratchNames.suffixOf(staged.where()), runToken,
          renameIn);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot swap the restored databases in: " + e.getMessage(), e);
    }
  }

  private static Committed committed(String database, String retired) {
    return new Committed(retired, database + " now holds the restored data"
        + (retired == null ? "" : "; the database it replaced is kept as " + retired + " until the run has succeeded"));
  }

  /** The restored database is dropped and the one kept aside renamed back; with none kept, just dropped. */
  @Override
  public void rollback(Destination destination, Committed committed) {
    if (ScratchNames.isEvery(committed.keptAs())) {
      rollbackEvery(destination, committed);
      return;
    }
    String database = database(destination);
    try (Heartbeat heartbeat = Heartbeat.start("swap-back-" + database);
        Connection maintenance = server(destination).connect(PostgresServer.MAINTENANCE_DATABASE)) {
      if (!committed.replaced()) {
        Databases.drop(maintenance, database);
        return;
      }
      if (!Databases.exists(maintenance, committed.keptAs())) {
        return; // already back
      }
      Databases.drop(maintenance, database);
      Databases.rename(maintenance, committed.keptAs(), database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot put " + committed.keptAs() + " back as " + database + ": "
          + e.getMessage(), e);
    }
  }

  /** Every database of a restore of several put back: see {@link DatabaseSetSwap#rollback}. */
  private void rollbackEvery(Destination destination, Committed committed) {
    try (Heartbeat heartbeat = Heartbeat.start("swap-back-databases");
        Connection maintenance = server(destination).connect(PostgresServer.MAINTENANCE_DATABASE)) {
      DatabaseSetSwap.rollback(maintenance, committed.keptAs());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot put the databases kept as " + committed.keptAs() + " back: "
          + e.getMessage(), e);
    }
  }

  /**
   * Drops the staging database (every one of this run, for a target of several databases restored
   * whole), then the roles this run created (those nothing depends on by now).
   */
  @Override
  public void discardStaged(Destination destination, String runToken) {
    PostgresServer server = server(destination);
    if (restoresEvery(destination)) {
      dropEndingWith(server, ScratchNames.stagingSuffix(runToken));
    } else {
      drop(server, ScratchNames.staging(database(destination), runToken));
    }
    dropRoles(server, runToken);
  }

  @Override
  public void dropReplaced(Destination destination, Committed committed) {
    if (ScratchNames.isEvery(committed.keptAs())) {
      for (String suffix : DatabaseSetSwap.keptSuffixes(committed.keptAs())) {
        dropEndingWith(server(destination), suffix);
      }
    } else if (committed.replaced()) {
      drop(server(destination), committed.keptAs());
    }
  }

  private static void dropEndingWith(PostgresServer server, String suffix) {
    try (Heartbeat heartbeat = Heartbeat.start("drop-" + suffix);
        Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      for (String database : ServerDatabases.endingWith(maintenance, suffix)) {
        Databases.drop(maintenance, database);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the databases named *" + suffix + ": " + e.getMessage(), e);
    }
  }

  /**
   * Restores into a scratch database on a server without the source's roles — a configured scratch
   * server, else a private cluster of this machine's PostgreSQL binaries — with the roles created
   * from the backup, compares row counts, and removes the database, the roles and the cluster
   * whatever happens. Without either, it restores on the source's own server and says that this
   * proves nothing about a new server.
   */
  @Override
  public TestRestoreReport testRestore(String backupId) {
    SignedManifest backup = backups.manifest(backupId);
    List<SignedManifest> parts = DatabaseParts.select(backup, null);
    String runToken = "verify-" + backupId;
    int major = PostgresDestinations.major(backup.manifest().tools() == null ? null
        : backup.manifest().tools().get("server"));
    Optional<Path> binaries = verification.scratchServer() != null ? Optional.empty()
        : ScratchCluster.binaries(verification.binaries(), major);
    try (Heartbeat heartbeat = Heartbeat.start("test-restore");
        ScratchCluster cluster = binaries.map(bin -> ScratchCluster.start(bin, verification.osUser(),
            encoding(parts.get(0)), backupId)).orElse(null)) {
      if (cluster != null) {
        heartbeat.onStop(cluster::close);
      }
      PostgresServer server = cluster != null ? cluster.server() : verification.scratchServer() != null
          ? verification.scratchServer() : targets.get(backup.manifest().target()).server();
      String where = cluster != null ? "an empty PostgreSQL " + cluster.version() + " cluster"
          : verification.scratchServer() != null ? "scratch server " + server.host() + ":" + server.port()
          : "the source's own server (not proven on an empty cluster: install postgresql-" + (major == 0 ? "15" : major)
              + " or configure verification.scratchServer)";
      // on a shared server, one test restore at a time (its cleanup included): a role one created must not be in use
      // by another when it goes
      List<String> scratches = new ArrayList<>();
      try (TestRestoreLock oneAtATime = cluster == null ? lockTestRestores(server, heartbeat) : null) {
        try {
          return testRestore(backupId, parts, server, where, runToken, scratches);
        } finally {
          if (cluster == null) {
            try {
              dropEach(server, scratches);
            } finally {
              dropRoles(server, runToken);
            }
          }
        }
      }
    }
  }

  /** Restores each database of the backup into a scratch database of its own, named in {@code scratches}. */
  private TestRestoreReport testRestore(String backupId, List<SignedManifest> parts, PostgresServer server,
      String where, String runToken, List<String> scratches) {
    Map<String, Comparison> each = new LinkedHashMap<>();
    long rows = 0;
    StringBuilder restored = new StringBuilder();
    for (SignedManifest part : parts) {
      String scratch = parts.size() == 1 ? ScratchNames.forVerification(backupId)
          : ScratchNames.beside(ScratchNames.forVerification(backupId), "_" + scratches.size());
      scratches.add(scratch);
      restored.append(restoreWithRoles(part, server, scratch, false, false, runToken, where));
      Map<String, Long> actual = RowCounts.countHeartbeating(server, scratch, part.manifest().schema());
      rows += actual.values().stream().mapToLong(Long::longValue).sum();
      each.put(part.manifest().database(), RowCounts.comparison(part.manifest().rowCounts(), actual));
    }
    Comparison comparison = parts.size() == 1 ? each.values().iterator().next() : combined(each);
    return new TestRestoreReport(comparison, comparison.compared() + " tables, " + rows + " rows compared in "
        + (parts.size() == 1 ? scratches.get(0) : parts.size() + " databases (" + String.join(", ", each.keySet())
            + ")") + " on " + where + restored + "; all of it is removed");
  }

  /**
   * Restores {@code backup} into {@code database} (created afresh) on {@code server}, first
   * creating the roles its globals name that the server lacks (unless {@code skipRoles}: then it
   * refuses when the restore needs them) and then setting the database's own properties. A failure
   * leaves neither the database nor the roles this run created. Returns the summary's tail.
   */
  String restoreWithRoles(SignedManifest backup, PostgresServer server, String database, boolean skipRoles,
      boolean noOwner, String runToken, String where) {
    Globals globals = globals(backup);
    if (globals != null && skipRoles) {
      refuseMissingRoles(server, globals, noOwner, where);
    }
    List<String> created = List.of();
    try {
      try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
        Databases.recreate(maintenance, database);
        if (globals != null && !skipRoles) {
          created = RoleCreation.createMissing(maintenance, globals, noOwner, runToken, database);
        }
      }
      try {
        PgRestore.into(backups, backup, server, database, noOwner);
      } catch (ApplicationFailure e) {
        throw globals == null ? withoutGlobals(backup, e, where) : e;
      }
      String owner = "";
      if (globals != null) {
        try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
          owner = ", " + DatabaseGlobals.apply(maintenance, globals.database(), database, noOwner);
        }
      }
      return owner + (created.isEmpty() ? "" : "; roles created from the backup: " + String.join(", ", created))
          + (globals == null ? "; the backup carries no roles (taken before they were captured)" : "");
    } catch (SQLException | RuntimeException e) {
      try {
        drop(server, database);
        dropRoles(server, runToken);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup); // the restore's failure is the news; what is left shows in the next attempt
      }
      if (e instanceof SQLException sql) {
        throw new IllegalStateException("cannot restore into database " + database + " on " + where + ": "
            + sql.getMessage(), sql);
      }
      throw (RuntimeException) e;
    }
  }

  /** Refuses, before anything changes, when the server lacks roles the restore cannot do without. */
  private static void refuseMissingRoles(PostgresServer server, Globals globals, boolean noOwner, String where) {
    try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      Set<String> missing = RoleCreation.missingRequired(maintenance, globals, noOwner);
      if (!missing.isEmpty()) {
        throw RoleCreation.refusal(missing, where, noOwner);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list the roles of " + where + ": " + e.getMessage(), e);
    }
  }

  /** A restore of a backup without globals that failed for a role the server lacks: say why and what to do. */
  private static ApplicationFailure withoutGlobals(SignedManifest backup, ApplicationFailure failure, String where) {
    String message = failure.getOriginalMessage();
    if (message == null || !message.matches("(?s).*role \"[^\"]*\" does not exist.*")) {
      return failure;
    }
    return ApplicationFailure.newNonRetryableFailure("backup " + backup.manifest().backupId() + " carries no roles"
        + " (it was taken before Lifeboat captured them) and " + where + " lacks one it needs: "
        + message.strip().replaceAll("\\s+", " ") + "; create the roles first (pg_dumpall --roles-only on the source)"
        + " or restore with --no-owner, and take a new backup, which carries them", FailureTypes.MISSING_ROLES);
  }

  /** The backup's globals; null for a backup taken before they were captured. */
  private Globals globals(SignedManifest backup) {
    Manifest.Globals named = backup.manifest().globals();
    if (named == null) {
      return null;
    }
    Manifest.StoredObject object = backup.manifest().objects().stream().filter(o -> o.name().equals(named.object()))
        .findFirst().orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("backup "
            + backup.manifest().backupId() + " names globals object " + named.object() + " but does not list it;"
            + " restore another backup", FailureTypes.INTEGRITY));
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    backups.read(backup, object, json, bytes -> {});
    return Globals.fromJson(json.toByteArray());
  }

  private String encoding(SignedManifest backup) {
    Globals globals = globals(backup);
    return globals == null ? null : globals.database().encoding();
  }

  static void dropRoles(PostgresServer server, String runToken) {
    try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      RoleCreation.dropCreated(maintenance, runToken);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the roles restore " + runToken + " created: " + e.getMessage(), e);
    }
  }

  /** Drops every one of {@code databases}, also when dropping one fails (that failure is thrown after). */
  private static void dropEach(PostgresServer server, List<String> databases) {
    RuntimeException failed = null;
    for (String database : databases) {
      try {
        drop(server, database);
      } catch (RuntimeException e) {
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  /**
   * Waits for the other test restores on {@code server} to end; closing the connection lets the
   * next one go. A stopped attempt stops waiting, but one holding the lock keeps it through its
   * cleanup, so a retry never starts while the old attempt still drops what it made.
   */
  private static TestRestoreLock lockTestRestores(PostgresServer server, Heartbeat heartbeat) {
    Connection connection = server.connect(PostgresServer.MAINTENANCE_DATABASE);
    AtomicBoolean held = new AtomicBoolean();
    heartbeat.onStop(() -> {
      if (!held.get()) {
        abort(connection);
      }
    });
    try (Statement s = connection.createStatement()) {
      s.execute("SELECT pg_advisory_lock(hashtext('lifeboat test restore'))");
      held.set(true);
      return () -> abort(connection);
    } catch (SQLException e) {
      abort(connection);
      throw new IllegalStateException("cannot wait for other test restores on " + server.host() + ":" + server.port()
          + ": " + e.getMessage(), e);
    }
  }

  private static void abort(Connection connection) {
    try {
      connection.abort(Runnable::run);
    } catch (SQLException closed) {
      // nothing left to stop
    }
  }

  private static void drop(PostgresServer server, String database) {
    try (Heartbeat heartbeat = Heartbeat.start("drop-" + database);
        Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      Databases.drop(maintenance, database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop database " + database + ": " + e.getMessage(), e);
    }
  }

  /** The server a destination names: the target's own, a declared destination, or {@code host:port}. */
  PostgresServer server(Destination destination) {
    return PostgresDestinations.server(destinations, targets.get(destination.target()).server(), destination);
  }

  /** The database a destination names; the target's own when it names none. */
  private String database(Destination destination) {
    return destination.place() == null || destination.place().isBlank()
        ? targets.get(destination.target()).database() : destination.place();
  }

  /** The database a destination names, else the target's own, else (a target of several, since) the backup's. */
  private String database(Destination destination, Manifest backup) {
    String database = database(destination);
    return database != null ? database : backup.database();
  }

  /** Whether a restore to {@code destination} means every database of a target of several. */
  private boolean restoresEvery(Destination destination) {
    return (destination.place() == null || destination.place().isBlank())
        && targets.get(destination.target()).severalDatabases();
  }

  /** Whether restoring {@code backup} to {@code destination} restores each of several databases. */
  private static boolean restoresEvery(SignedManifest backup, Destination destination) {
    return DatabaseParts.several(backup.manifest())
        && (destination.place() == null || destination.place().isBlank());
  }

  /** The one-at-a-time lock of test restores on a shared server, held until closed. */
  private interface TestRestoreLock extends AutoCloseable {
    @Override
    void close();
  }

  /** The second rename of a swap; a seam so a test can make it fail between the two renames. */
  interface RenameIn {
    void rename(Connection maintenance, String stagingDatabase, String database) throws SQLException;
  }
}
