package io.lifeboat.activities.kubernetes;

import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.SourceKinds;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Kubernetes backups in storage: the manifest of one, and its objects read back checked —
 * signature, SHA-256 and decryption by the artifact reader, then every document parsed — before
 * anything is done with them. Read into memory: a backup holds declarations, not volume data.
 */
final class StoredObjects {
  /** Manifest row count of every object; per type as {@code kind:<Kind>}; Helm revisions as {@code helm-releases}. */
  static final String OBJECTS = "objects";
  static final String HELM_RELEASES = "helm-releases";

  private final StoredBackups stored;

  StoredObjects(StoredBackups stored) {
    this.stored = stored;
  }

  SignedManifest manifest(String backupId) {
    return stored.manifest(backupId, SourceKinds.KUBERNETES);
  }

  /** The backup's objects, in the order stored; a stream that does not parse fails, naming where. */
  List<Map<String, Object>> objects(SignedManifest signed, LongConsumer progress) {
    Manifest.StoredObject object = signed.manifest().objects().stream()
        .filter(o -> o.name().equals(ObjectStream.OBJECT)).findFirst()
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("backup " + signed.manifest().backupId()
            + " has no " + ObjectStream.OBJECT + "; restore another backup", FailureTypes.INTEGRITY));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    stored.read(signed, object, bytes, progress);
    try {
      return ObjectStream.read(new ByteArrayInputStream(bytes.toByteArray()));
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + signed.manifest().backupId() + " is damaged: "
          + e.getMessage() + "; nothing was changed. Restore another backup", FailureTypes.INTEGRITY);
    }
  }

  /** What the manifest records of a set of objects. */
  static Map<String, Long> counts(List<Map<String, Object>> objects) {
    Map<String, Long> counts = new TreeMap<>();
    counts.put(OBJECTS, (long) objects.size());
    counts.put(HELM_RELEASES, objects.stream().filter(DeclarativeForm::helmRelease).count());
    objects.forEach(o -> counts.merge("kind:" + o.get("kind"), 1L, Long::sum));
    return counts;
  }
}
