package io.lifeboat.catalog;

import io.lifeboat.manifest.Manifest;
import java.util.Objects;

/** A manifest read back from the bucket, with the object key and SHA-256 of its file. */
public record ManifestWithKey(Manifest manifest, String manifestKey, String manifestSha256) {
  public ManifestWithKey {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(manifestKey, "manifestKey");
    Objects.requireNonNull(manifestSha256, "manifestSha256");
  }
}
