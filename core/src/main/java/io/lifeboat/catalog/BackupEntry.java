package io.lifeboat.catalog;

import io.lifeboat.manifest.Manifest;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One backup as the catalog indexes it: its manifest's facts plus when it was last verified.
 * {@code schema} names the one schema of a tenant backup; null for backups of a whole source.
 */
public record BackupEntry(
    String backupId,
    String target,
    String kind,
    Status status,
    @Nullable String database,
    Instant createdAt,
    Instant recoveryPoint,
    @Nullable String recoveryLsn,
    long rawBytes,
    long storedBytes,
    String manifestKey,
    String manifestSha256,
    List<Manifest.StoredObject> objects,
    @Nullable String parentBackupId,
    @Nullable String workflowId,
    @Nullable String runId,
    @Nullable Instant verifiedAt,
    @Nullable String schema) {

  public enum Status {
    COMPLETED,
    FAILED,
    /** Retention began deleting its objects (manifest first); never restorable again. */
    DELETING,
    DELETED
  }

  public BackupEntry {
    Objects.requireNonNull(backupId, "backupId");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(recoveryPoint, "recoveryPoint");
    Objects.requireNonNull(manifestKey, "manifestKey");
    Objects.requireNonNull(manifestSha256, "manifestSha256");
    objects = List.copyOf(objects);
  }

  /** A backup whose manifest was written: by the storage format's contract, it is complete. */
  static BackupEntry completed(Manifest manifest, String manifestKey, String manifestSha256) {
    if (manifest.recoveryPoint() == null || manifest.recoveryPoint().time() == null) {
      throw new IllegalArgumentException(
          "manifest " + manifestKey + " of backup " + manifest.backupId() + " has no recovery point time");
    }
    Manifest.WorkflowRun run = manifest.workflow();
    return new BackupEntry(
        manifest.backupId(),
        manifest.target(),
        manifest.kind(),
        Status.COMPLETED,
        manifest.database(),
        manifest.createdAt(),
        manifest.recoveryPoint().time(),
        manifest.recoveryPoint().lsn(),
        manifest.rawBytes(),
        manifest.storedBytes(),
        manifestKey,
        manifestSha256,
        manifest.objects() == null ? List.of() : manifest.objects(),
        manifest.parentBackupId(),
        run == null ? null : run.workflowId(),
        run == null ? null : run.runId(),
        null,
        manifest.schema());
  }
}
