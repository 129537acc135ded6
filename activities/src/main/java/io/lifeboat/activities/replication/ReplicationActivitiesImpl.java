package io.lifeboat.activities.replication;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.storage.MultipartUpload;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.CopyEntry;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.manifest.Sha256;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.replication.CopyReport;
import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.replication.ReplicationActivities;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies backup folders from the primary bucket to off-site locations, object by object, streaming
 * (never a whole object in memory), and proves each copy by reading it back and comparing SHA-256s
 * with the manifest. The copy keeps the primary's layout under the location's prefix.
 */
public class ReplicationActivitiesImpl implements ReplicationActivities {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicationActivitiesImpl.class);
  private static final int BUFFER = 1 << 20;

  private final Catalog catalog;
  private final ObjectStore primary;
  private final CopyLocations locations;
  private final StoredBackups stored;
  private final Clock clock;

  public ReplicationActivitiesImpl(Catalog catalog, ObjectStore primary, CopyLocations locations,
      StoredBackups stored, Clock clock) {
    this.catalog = catalog;
    this.primary = primary;
    this.locations = locations;
    this.stored = stored;
    this.clock = clock;
  }

  @Override
  public List<String> locations() {
    return locations.names();
  }

  @Override
  public List<String> locationsAfterBackup(String target) {
    return locations.afterBackup(target);
  }

  @Override
  public ReadSource readSource(String backupId) {
    return stored.source(backupId);
  }

  @Override
  public CopyReport copyBackup(String backupId, String location) {
    BackupEntry backup = backup(backupId);
    ObjectStore to = location(location);
    int copied = 0;
    long bytes = 0;
    try (Heartbeat heartbeat = Heartbeat.start("replicate-" + backupId)) {
      for (Expected object : expected(backup)) {
        String target = to.key(relative(object.key()));
        if (object.sha256() == null) {
          throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " has lost " + object.key()
              + " in the primary bucket: it cannot be copied", FailureTypes.INTEGRITY);
        }
        if (to.exists(target) && object.sha256().equals(sha256(to, target, null))) {
          continue; // copied by an earlier attempt, intact
        }
        bytes += copy(object, to, target, heartbeat);
        copied++;
      }
    }
    CopyReport report = check(backup, location, to, copied, bytes);
    LOG.info("backup {} copied to {} ({} objects written, {} bytes): {}", backupId, location, copied, bytes,
        report.intact() ? "intact" : report.problems());
    return report;
  }

  @Override
  public CopyReport checkCopy(String backupId, String location) {
    return check(backup(backupId), location, location(location), 0, 0);
  }

  private CopyReport check(BackupEntry backup, String location, ObjectStore to, int copied, long bytes) {
    List<String> problems = new ArrayList<>();
    List<Expected> objects = expected(backup);
    try (Heartbeat heartbeat = Heartbeat.start("check-copy-" + backup.backupId())) {
      for (Expected object : objects) {
        String key = to.key(relative(object.key()));
        if (!to.exists(key)) {
          problems.add(object.name() + ": missing");
          continue;
        }
        String found = sha256(to, key, heartbeat);
        if (object.sha256() != null && !found.equals(object.sha256())) {
          problems.add(object.name() + ": SHA-256 " + found + " where the manifest says " + object.sha256());
        }
      }
    }
    String manifestKey = to.key(relative(backup.manifestKey()));
    Instant now = clock.instant();
    Instant copiedAt = copied > 0 ? now : catalog.copiesOf(backup.backupId()).stream()
        .filter(c -> c.location().equals(location)).map(CopyEntry::copiedAt).findFirst().orElse(now);
    catalog.recordCopy(new CopyEntry(backup.backupId(), location, to.bucket(), manifestKey,
        problems.isEmpty() ? CopyEntry.Status.COPIED : CopyEntry.Status.CORRUPT, copiedAt, now,
        problems.isEmpty() ? null : String.join("; ", problems)));
    if (!problems.isEmpty()) {
      LOG.error("off-site copy of backup {} at {} is corrupt: {}", backup.backupId(), location, problems);
    }
    return new CopyReport(backup.backupId(), location, to.bucket(), manifestKey, objects.size(), copied, bytes,
        List.copyOf(problems));
  }

  /** Data objects first, then the signature, the manifest last: a copy with a manifest is complete. */
  private List<Expected> expected(BackupEntry backup) {
    List<Expected> objects = new ArrayList<>();
    for (Manifest.StoredObject object : backup.objects()) {
      objects.add(new Expected(object.name(), BackupStore.objectKey(backup.manifestKey(), object.name()), object.sha256()));
    }
    String signature = backup.manifestKey() + ".sig";
    // The signature's hash is nowhere but in the primary; with the primary gone, the copy's
    // signature is checked for presence here and cryptographically by every restore.
    String signatureSha = primary.exists(signature) ? Sha256.of(primary.get(signature)) : null;
    objects.add(new Expected(Manifest.SIGNATURE_FILE_NAME, signature, signatureSha));
    objects.add(new Expected(Manifest.FILE_NAME, backup.manifestKey(), backup.manifestSha256()));
    return objects;
  }

  /** Streams one object across, hashing on the way: a primary object that is itself corrupt is not copied. */
  private long copy(Expected object, ObjectStore to, String target, Heartbeat heartbeat) {
    MessageDigest digest = Sha256.newDigest();
    long total = 0;
    MultipartUpload upload = to.upload(target);
    try (InputStream in = primary.open(object.key())) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        upload.write(buffer, 0, n);
        total += n;
        heartbeat.add(n);
      }
      String found = Sha256.hex(digest);
      if (!found.equals(object.sha256())) {
        upload.abort();
        throw ApplicationFailure.newNonRetryableFailure("primary object " + object.key() + " has SHA-256 " + found
            + " where the manifest says " + object.sha256() + ": not copying a corrupt backup", FailureTypes.INTEGRITY);
      }
      upload.close();
      return total;
    } catch (IOException e) {
      upload.abort();
      throw new UncheckedIOException("copying " + object.key() + " to " + to.bucket() + "/" + target, e);
    }
  }

  private static String sha256(ObjectStore store, String key, Heartbeat heartbeat) {
    MessageDigest digest = Sha256.newDigest();
    try (InputStream in = store.open(key)) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        if (heartbeat != null) {
          heartbeat.add(n);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + store.bucket() + "/" + key, e);
    }
    return Sha256.hex(digest);
  }

  /** A primary key relative to the primary's prefix, as the copy keeps it under its own. */
  private String relative(String key) {
    return primary.prefix().isEmpty() ? key : key.substring(primary.prefix().length() + 1);
  }

  private BackupEntry backup(String backupId) {
    BackupEntry backup = catalog.findBackup(backupId).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "no backup " + backupId + " in the catalog", FailureTypes.BACKUP_NOT_FOUND));
    if (backup.status() != BackupEntry.Status.COMPLETED) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " is " + backup.status()
          + ": only completed backups are copied", FailureTypes.BACKUP_NOT_FOUND);
    }
    return backup;
  }

  private ObjectStore location(String name) {
    return locations.store(name).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("no off-site location '"
        + name + "' under storage.copies; configured: " + locations.names(), FailureTypes.BAD_REQUEST));
  }

  /** {@code sha256} null: only its presence can be checked. */
  private record Expected(String name, String key, String sha256) {}
}
