package io.lifeboat.worker;

import io.lifeboat.activities.storage.ObjectLock;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.StorageTiers;
import io.lifeboat.config.ObjectLockConfig;
import io.lifeboat.config.StorageConfig;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.StorageClass;

/** The configured bucket. */
public final class Storage {
  private Storage() {}

  public static ObjectStore open(StorageConfig config) {
    return new ObjectStore(
        ObjectStore.client(config.getEndpoint(), config.getRegion(), config.getAccessKey(), config.getSecretKey(),
            config.isPathStyle()),
        config.getBucket(), config.getPrefix(), config.getPartSize().toBytes(), config.getUploadConcurrency(),
        lock(config.getObjectLock()), tiers(config).atUpload());
  }

  /** The configured storage classes by backup age. */
  static StorageTiers tiers(StorageConfig config) {
    return new StorageTiers(config.getTiers().stream().map(t -> new StorageTiers.Tier(t.getAfter().toJavaDuration(),
        StorageClass.fromValue(t.getStorageClass()))).toList());
  }

  private static ObjectLock lock(ObjectLockConfig config) {
    return config == null ? null : new ObjectLock(ObjectLockMode.fromValue(config.getMode().name()),
        Duration.ofDays(config.getDays()), Clock.systemUTC());
  }

  /** An off-site copy location, with the primary's part size and upload concurrency. */
  static ObjectStore open(io.lifeboat.config.CopyLocationConfig copy, StorageConfig primary) {
    return new ObjectStore(
        ObjectStore.client(copy.getEndpoint(), copy.getRegion(), copy.getAccessKey(), copy.getSecretKey(),
            copy.isPathStyle()),
        copy.getBucket(), copy.getPrefix(), primary.getPartSize().toBytes(), primary.getUploadConcurrency());
  }
}
