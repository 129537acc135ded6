package io.lifeboat.activities.backup;

import io.lifeboat.activities.crypto.BadSignatureException;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.storage.ObjectMissingException;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.manifest.ManifestJson;
import io.lifeboat.manifest.Sha256;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * Backup folders in the bucket: where their objects go, and their signed manifests. A manifest
 * is written last (its signature just before it), so a folder with a manifest is complete.
 */
public final class BackupStore {
  private final String location;
  private final ObjectStore store;
  private final ManifestSigner signer;

  /** The primary bucket. */
  public BackupStore(ObjectStore store, ManifestSigner signer) {
    this(null, store, signer);
  }

  private BackupStore(String location, ObjectStore store, ManifestSigner signer) {
    this.location = location;
    this.store = store;
    this.signer = signer;
  }

  /** The same folders at the off-site copy location {@code location}, under its own prefix. */
  public static BackupStore copyAt(String location, ObjectStore store, ManifestSigner signer) {
    return new BackupStore(location, store, signer);
  }

  public ObjectStore objects() {
    return store;
  }

  /** The off-site copy location this store reads; null for the primary bucket. */
  public String location() {
    return location;
  }

  public String manifestKey(String target, String kind, String backupId) {
    return store.key(Manifest.folder(target, kind, backupId) + Manifest.FILE_NAME);
  }

  /** Key of an object of a backup, from its manifest key and its name in the manifest. */
  public static String objectKey(String manifestKey, String name) {
    return manifestKey.substring(0, manifestKey.length() - Manifest.FILE_NAME.length()) + name;
  }

  public boolean exists(String manifestKey) {
    return store.exists(manifestKey);
  }

  /** Signs and stores a manifest; returns the SHA-256 of its bytes. */
  public String writeManifest(Manifest manifest) {
    byte[] json = ManifestJson.write(manifest);
    String key = manifestKey(manifest.target(), manifest.kind(), manifest.backupId());
    store.put(signatureKey(key), signer.sign(json));
    store.put(key, json);
    return Sha256.of(json);
  }

  /** Reads a manifest and checks its signature against the trusted keys. */
  public SignedManifest readManifest(String manifestKey) {
    byte[] json;
    byte[] signature;
    try {
      json = store.get(manifestKey);
    } catch (ObjectMissingException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.BACKUP_NOT_FOUND);
    }
    try {
      signature = store.get(signatureKey(manifestKey));
    } catch (ObjectMissingException e) {
      throw ApplicationFailure.newNonRetryableFailure("manifest " + manifestKey + " has no signature ("
          + signatureKey(manifestKey) + " is missing); do not trust this backup", FailureTypes.BAD_SIGNATURE);
    }
    try {
      signer.verify(json, signature);
    } catch (BadSignatureException e) {
      throw ApplicationFailure.newNonRetryableFailure("manifest " + manifestKey + ": " + e.getMessage(),
          FailureTypes.BAD_SIGNATURE);
    }
    return new SignedManifest(ManifestJson.read(json), manifestKey, Sha256.of(json), location);
  }

  /** Every manifest in the bucket under the prefix, for rebuilding the catalog. */
  public List<String> manifestKeys() {
    return store.list(store.key("")).stream().filter(k -> k.endsWith("/" + Manifest.FILE_NAME)).toList();
  }

  private static String signatureKey(String manifestKey) {
    return manifestKey + ".sig";
  }

  /**
   * A manifest whose signature was checked, with where it lives and the hash of its bytes.
   *
   * @param location the off-site copy location it was read from; null for the primary bucket
   */
  public record SignedManifest(Manifest manifest, String key, String sha256, String location) {
    public String objectKey(String name) {
      return BackupStore.objectKey(key, name);
    }
  }
}
