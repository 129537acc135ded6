package io.lifeboat.activities.artifact;

/**
 * An artifact as stored: its key, the size of the data before compression and encryption, the
 * size of the object in the bucket, and the SHA-256 (lowercase hex) of the stored bytes, the
 * value {@code sha256sum} prints for the downloaded object.
 */
public record StoredObject(String key, long rawBytes, long storedBytes, String sha256Hex) {

  /** Same as {@link #sha256Hex()}, under the name the manifest uses. */
  public String sha256() {
    return sha256Hex;
  }
}
