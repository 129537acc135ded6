package io.lifeboat.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code manifest.json} of one backup folder: the storage format's contract. It is written
 * last, signed, and is what {@code catalog rebuild} reads back. Fields are only ever added.
 *
 * <p>Layout: {@code <prefix>/<target>/<kind>/<backupId>/manifest.json} (+ {@code .sig}) beside
 * the backup's objects.
 *
 * <p>{@code schema} names the one schema a tenant backup holds ({@code pg_dump --schema}); absent
 * for backups of a whole source. {@code wal} is the WAL range a base backup needs; absent for
 * every other kind. {@code sourceBytes} is the size the source had on its server when backed up
 * (a PostgreSQL database's {@code pg_database_size}, a schema's tables), which a restore needs free
 * on the destination; absent for other kinds and older backups. {@code globals} names the objects holding what a logical PostgreSQL backup
 * needs from its cluster (roles, memberships, settings); absent for other kinds and older backups.
 * {@code databases} lists the databases of a backup of several databases of one server, each with
 * its own objects, row counts and recovery point; the backup's {@code recoveryPoint} is then the
 * earliest of theirs, and {@code database}, {@code rowCounts} and {@code globals} are absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
    int formatVersion,
    String backupId,
    String target,
    String kind,
    String database,
    Instant createdAt,
    RecoveryPoint recoveryPoint,
    Map<String, String> tools,
    long rawBytes,
    long storedBytes,
    List<StoredObject> objects,
    Encryption encryption,
    String parentBackupId,
    WorkflowRun workflow,
    Map<String, Long> rowCounts,
    String schema,
    WalRange wal,
    Long sourceBytes,
    Globals globals,
    List<DatabaseDump> databases) {

  public static final int FORMAT_VERSION = 1;
  public static final String FILE_NAME = "manifest.json";
  public static final String SIGNATURE_FILE_NAME = "manifest.json.sig";

  /** A manifest of a whole source (no schema) without a WAL range: every kind but tenant and base backups. */
  public Manifest(int formatVersion, String backupId, String target, String kind, String database, Instant createdAt,
      RecoveryPoint recoveryPoint, Map<String, String> tools, long rawBytes, long storedBytes,
      List<StoredObject> objects, Encryption encryption, String parentBackupId, WorkflowRun workflow,
      Map<String, Long> rowCounts) {
    this(formatVersion, backupId, target, kind, database, createdAt, recoveryPoint, tools, rawBytes, storedBytes,
        objects, encryption, parentBackupId, workflow, rowCounts, null, null, null, null, null);
  }

  /** A manifest without the source's size on its server and without globals. */
  public Manifest(int formatVersion, String backupId, String target, String kind, String database, Instant createdAt,
      RecoveryPoint recoveryPoint, Map<String, String> tools, long rawBytes, long storedBytes,
      List<StoredObject> objects, Encryption encryption, String parentBackupId, WorkflowRun workflow,
      Map<String, Long> rowCounts, String schema, WalRange wal) {
    this(formatVersion, backupId, target, kind, database, createdAt, recoveryPoint, tools, rawBytes, storedBytes,
        objects, encryption, parentBackupId, workflow, rowCounts, schema, wal, null, null, null);
  }

  /** A manifest of one database (or schema, or other source), not of several databases. */
  public Manifest(int formatVersion, String backupId, String target, String kind, String database, Instant createdAt,
      RecoveryPoint recoveryPoint, Map<String, String> tools, long rawBytes, long storedBytes,
      List<StoredObject> objects, Encryption encryption, String parentBackupId, WorkflowRun workflow,
      Map<String, Long> rowCounts, String schema, WalRange wal, Long sourceBytes, Globals globals) {
    this(formatVersion, backupId, target, kind, database, createdAt, recoveryPoint, tools, rawBytes, storedBytes,
        objects, encryption, parentBackupId, workflow, rowCounts, schema, wal, sourceBytes, globals, null);
  }

  /**
   * One database of a backup of several ({@code databases: all} or a list): its objects lie under
   * {@code databases/<name>/} laid out as a backup of one database is.
   *
   * @param dump the name of its {@code pg_dump} object
   * @param globals its roles, memberships and settings
   * @param recoveryPoint the snapshot it was dumped from; each database has its own
   * @param rowCounts rows per table in that snapshot
   * @param sourceBytes its {@code pg_database_size}
   */
  public record DatabaseDump(String name, String dump, Globals globals, RecoveryPoint recoveryPoint,
      Map<String, Long> rowCounts, Long sourceBytes) {}

  /**
   * The roles, memberships and settings a logical PostgreSQL backup carries from its cluster.
   *
   * @param object the machine-readable object ({@code globals.json.zst.pgp}) a restore reads
   * @param script the same as SQL for {@code psql} ({@code globals.sql.zst.pgp}), for restores by hand
   * @param roles how many roles they hold
   * @param passwords whether the roles' passwords were captured (only a superuser can read them)
   */
  public record Globals(String object, String script, int roles, boolean passwords) {}

  /**
   * The WAL a base backup ({@code pg-base}) needs from the archive to be consistent: from the
   * start position's segment through the end position's, on {@code timeline}.
   *
   * @param startedAt before the backup began; {@code endedAt}: after it was complete, the
   *     earliest time a recovery from it can stop at
   * @param segmentBytes the cluster's WAL segment size
   */
  public record WalRange(long timeline, String startLsn, String endLsn, String startSegment, String endSegment,
      Instant startedAt, Instant endedAt, long segmentBytes) {}

  /** The point in time the backup's data reflects; {@code lsn} where the source has one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RecoveryPoint(Instant time, String lsn) {}

  /** One stored object of the backup, named relative to the backup folder. */
  public record StoredObject(String name, long rawBytes, long storedBytes, String sha256) {}

  /** Fingerprints (hex) of the recipients' encryption keys and of the manifest's signing key. */
  public record Encryption(String format, List<String> recipients, String signer) {}

  /** The Temporal workflow run that made the backup. */
  public record WorkflowRun(String workflowId, String runId) {}

  /** Folder of a backup relative to the storage prefix. */
  public static String folder(String target, String kind, String backupId) {
    return target + "/" + kind + "/" + backupId + "/";
  }

  public String folder() {
    return folder(target, kind, backupId);
  }
}
