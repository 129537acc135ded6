package io.lifeboat.activities.storage;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Storage classes by backup age ({@code storage.tiers}), e.g. hot STANDARD from 0 days, warm
 * STANDARD_IA from 8, cold GLACIER_IR from 31, archive DEEP_ARCHIVE from 91. A backup only ever
 * moves to a colder class, never back.
 */
public record StorageTiers(List<Tier> tiers) {
  /** S3's classes from hottest to coldest. */
  private static final List<StorageClass> COLDNESS = List.of(StorageClass.STANDARD,
      StorageClass.INTELLIGENT_TIERING, StorageClass.STANDARD_IA, StorageClass.ONEZONE_IA, StorageClass.GLACIER_IR,
      StorageClass.GLACIER, StorageClass.DEEP_ARCHIVE);

  public record Tier(Duration after, StorageClass storageClass) {}

  public StorageTiers {
    tiers = tiers.stream().sorted(Comparator.comparing(Tier::after)).toList();
  }

  public static StorageTiers none() {
    return new StorageTiers(List.of());
  }

  /** The class a backup of this age belongs in; empty when no tier covers it (or none is configured). */
  public Optional<StorageClass> classAt(Duration age) {
    return tiers.stream().filter(t -> t.after().compareTo(age) <= 0).reduce((a, b) -> b).map(Tier::storageClass);
  }

  /** The class new data objects are written in: the tier of age zero; null for the bucket's default. */
  public StorageClass atUpload() {
    return classAt(Duration.ZERO).orElse(null);
  }

  /** Whether {@code to} is colder than {@code from} (S3 reports no class for STANDARD objects). */
  public static boolean colder(StorageClass to, String from) {
    StorageClass current = from == null ? StorageClass.STANDARD : StorageClass.fromValue(from);
    return COLDNESS.indexOf(to) > COLDNESS.indexOf(current);
  }

  /** Classes whose objects must be restored (RestoreObject) before they can be read. */
  public static boolean archive(String storageClass) {
    return StorageClass.GLACIER.toString().equals(storageClass)
        || StorageClass.DEEP_ARCHIVE.toString().equals(storageClass);
  }
}
