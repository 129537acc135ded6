package io.lifeboat.activities.files;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.temporal.failure.ApplicationFailure;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A file-set backup checked without restoring it: the manifest's signature, every object it lists
 * (SHA-256, decryption, integrity), and every object of an earlier backup its index references,
 * listed in that backup's signed manifest and present in storage.
 */
final class FileSetCheck {
  private final BackupStore backups;
  private final StoredBackups stored;

  FileSetCheck(BackupStore backups, StoredBackups stored) {
    this.backups = backups;
    this.stored = stored;
  }

  /** Checks {@code signed}, a backup of a file set; fails non-retryable on the first problem. */
  IntegrityReport check(SignedManifest signed) {
    Manifest manifest = signed.manifest();
    String backupId = manifest.backupId();
    TreeMap<String, TreeSet<String>> referenced = new TreeMap<>();
    long[] entries = {0};
    try (Heartbeat heartbeat = Heartbeat.start("check-files")) {
      long done = 0;
      for (Manifest.StoredObject object : manifest.objects()) {
        OutputStream sink = object.name().equals(FileIndex.OBJECT)
            ? FileIndex.reader(h -> {}, e -> {
                entries[0]++;
                if (e.isFile() && e.backup() != null && !e.backup().equals(backupId)) {
                  referenced.computeIfAbsent(e.backup(), k -> new TreeSet<>()).add(e.object());
                }
              })
            : OutputStream.nullOutputStream();
        long before = done;
        stored.read(signed, object, sink, bytes -> heartbeat.set(before + bytes));
        done += object.storedBytes();
      }
    }
    int checked = manifest.objects().size();
    for (Map.Entry<String, TreeSet<String>> ref : referenced.entrySet()) {
      SignedManifest earlier = stored.referenced(signed, ref.getKey());
      for (String name : ref.getValue()) {
        boolean listed = earlier.manifest().objects().stream().anyMatch(o -> o.name().equals(name));
        if (!listed || !backups.exists(earlier.objectKey(name))) {
          throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " references " + name + " of backup "
              + ref.getKey() + ", which is missing; restore another backup", FailureTypes.INTEGRITY);
        }
        checked++;
      }
    }
    return new IntegrityReport(manifest.target(), checked, manifest.storedBytes(), (int) entries[0],
        checked + " objects and references, " + manifest.storedBytes() + " bytes, " + entries[0]
            + " index entries; signature valid");
  }
}
