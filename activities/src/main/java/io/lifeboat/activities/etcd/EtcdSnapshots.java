package io.lifeboat.activities.etcd;

import io.etcd.jetcd.Client;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.artifact.StoredObject;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.TeeInputStream;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.temporal.failure.ApplicationFailure;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Backups of a running etcd cluster: the Maintenance API's snapshot of one member (the first
 * endpoint that answers), streamed straight into the artifact pipeline, its trailing SHA-256
 * checked on the way ({@link SnapshotChecksum}): a torn stream fails the backup. The manifest
 * records the revision, and the key count when no write happened during the snapshot (the count is
 * then exactly the snapshot's).
 */
final class EtcdSnapshots {
  static final String SNAPSHOT_OBJECT = "snapshot.db.zst.pgp";
  static final String REVISION = "revision";
  static final String KEYS = "keys";

  private final BackupStore backups;
  private final ArtifactWriter writer;
  private final Manifest.Encryption encryption;
  private final Map<String, String> tools;

  EtcdSnapshots(BackupStore backups, ArtifactWriter writer, Manifest.Encryption encryption, Map<String, String> tools) {
    this.backups = backups;
    this.writer = writer;
    this.encryption = encryption;
    this.tools = tools;
  }

  /** Streams a snapshot into backup {@code request.backupId()}; an existing one is returned. */
  SourceBackupResult backup(EtcdTarget target, SourceBackupRequest request) {
    String manifestKey = backups.manifestKey(target.name(), SourceKinds.ETCD, request.backupId());
    if (backups.exists(manifestKey)) {
      return result(backups.readManifest(manifestKey).manifest(), manifestKey, List.of());
    }
    List<String> warnings = new ArrayList<>();
    try (Heartbeat heartbeat = Heartbeat.start("etcd");
        Client client = EtcdClients.connect(List.of(reachable(target)), target)) {
      MemberContents before = contents(target, client);
      Instant startedAt = Instant.now();
      SnapshotChecksum checksum = new SnapshotChecksum(OutputStream.nullOutputStream());
      StoredObject object;
      try (SnapshotStream stream = new SnapshotStream()) {
        heartbeat.onStop(client::close); // cancels the snapshot's stream: the reader sees it end in failure
        client.getMaintenanceClient().snapshot(stream);
        // a torn snapshot never reaches storage: the check runs before the object is stored
        object = writer.write(new TeeInputStream(stream, checksum), BackupStore.objectKey(manifestKey, SNAPSHOT_OBJECT),
            heartbeat::set, () -> {
              if (!checksum.matches()) {
                throw ApplicationFailure.newFailure("the snapshot of etcd target " + target.where() + " does not"
                    + " end with the SHA-256 of its content (" + checksum.bytes() + " bytes received): it was cut"
                    + " short; run the backup again", FailureTypes.INTEGRITY);
              }
            });
      } catch (UncheckedIOException e) {
        heartbeat.throwIfStopped();
        throw ApplicationFailure.newFailure("the snapshot of etcd target " + target.where() + " failed: "
            + e.getMessage(), FailureTypes.DATABASE_UNREACHABLE);
      }
      MemberContents after = contents(target, client);
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put(REVISION, before.revision());
      if (after.revision() == before.revision()) {
        counts.put(KEYS, before.keys());
      } else {
        warnings.add((after.revision() - before.revision()) + " revisions were written during the snapshot; its"
            + " revision and key count are read from the snapshot at verification");
      }
      Map<String, String> toolVersions = new TreeMap<>(tools);
      Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, request.backupId(), target.name(), SourceKinds.ETCD,
          null, Instant.now(), new Manifest.RecoveryPoint(startedAt, null), toolVersions,
          object.rawBytes(), object.storedBytes(),
          List.of(new Manifest.StoredObject(SNAPSHOT_OBJECT, object.rawBytes(), object.storedBytes(), object.sha256())),
          encryption, null, new Manifest.WorkflowRun(request.workflowId(), request.runId()), counts);
      backups.writeManifest(manifest);
      return result(manifest, manifestKey, warnings);
    }
  }

  /** The first endpoint of {@code target} whose member answers a read. */
  private static String reachable(EtcdTarget target) {
    List<String> problems = new ArrayList<>();
    for (String endpoint : target.endpoints()) {
      try (Client client = EtcdClients.connect(List.of(endpoint), target)) {
        MemberContents.read(client);
        return endpoint;
      } catch (IllegalStateException e) {
        problems.add(endpoint + ": " + e.getMessage());
      }
    }
    throw ApplicationFailure.newFailure("etcd target " + target.name() + " is unreachable (" + String.join("; ", problems)
        + "); check its endpoints, credentials and TLS files", FailureTypes.DATABASE_UNREACHABLE);
  }

  private static MemberContents contents(EtcdTarget target, Client client) {
    try {
      return MemberContents.read(client);
    } catch (IllegalStateException e) {
      throw ApplicationFailure.newFailure("etcd target " + target.where() + " did not answer a read: "
          + e.getMessage(), FailureTypes.DATABASE_UNREACHABLE);
    }
  }

  static SourceBackupResult result(Manifest manifest, String manifestKey, List<String> warnings) {
    Map<String, Long> counts = manifest.rowCounts();
    return new SourceBackupResult(manifest.backupId(), manifest.kind(), manifestKey, manifest.recoveryPoint().time(),
        manifest.rawBytes(), manifest.storedBytes(), null,
        "snapshot at revision " + counts.get(REVISION) + (counts.containsKey(KEYS) ? ", " + counts.get(KEYS)
            + " keys" : "") + "; " + manifest.rawBytes() + " bytes",
        List.copyOf(warnings), List.of());
  }
}
