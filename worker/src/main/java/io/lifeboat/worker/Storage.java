package io.lifeboat.worker;

import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.config.StorageConfig;

/** The configured bucket. */
final class Storage {
  private Storage() {}

  static ObjectStore open(StorageConfig config) {
    return new ObjectStore(
        ObjectStore.client(config.getEndpoint(), config.getRegion(), config.getAccessKey(), config.getSecretKey(),
            config.isPathStyle()),
        config.getBucket(), config.getPrefix(), config.getPartSize().toBytes(), config.getUploadConcurrency());
  }

  /** An off-site copy location, with the primary's part size and upload concurrency. */
  static ObjectStore open(io.lifeboat.config.CopyLocationConfig copy, StorageConfig primary) {
    return new ObjectStore(
        ObjectStore.client(copy.getEndpoint(), copy.getRegion(), copy.getAccessKey(), copy.getSecretKey(),
            copy.isPathStyle()),
        copy.getBucket(), copy.getPrefix(), primary.getPartSize().toBytes(), primary.getUploadConcurrency());
  }
}
