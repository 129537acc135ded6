package io.lifeboat.catalog;

import io.lifeboat.config.TargetConfig;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each target's storage in the primary bucket with its {@link StorageForecast}, read from the
 * catalog: one read path for the targets endpoint, the gauges and the notifications, so all three
 * say the same. Two queries whatever the number of targets.
 */
public final class TargetStorage {
  private TargetStorage() {}

  /** Per configured target, in the configuration's order. */
  public static Map<String, StorageForecast> all(Catalog catalog, Map<String, ? extends TargetConfig> targets,
      Instant now) {
    Map<String, Long> used = primaryBytes(catalog.storedBytes());
    Map<String, List<StoredBytesAt>> history =
        catalog.storageHistory(StorageForecast.since(now), StorageForecast.MAXIMUM_POINTS);
    Map<String, StorageForecast> forecasts = new LinkedHashMap<>();
    targets.forEach((name, target) -> forecasts.put(name, StorageForecast.of(history.getOrDefault(name, List.of()),
        used.getOrDefault(name, 0L), quotaOf(target))));
    return forecasts;
  }

  /** One target's, from {@code history} as {@link #history} read it; {@code target} null (no longer configured) has no quota. */
  public static StorageForecast of(Catalog catalog, String name, @Nullable TargetConfig target,
      List<StoredBytesAt> history) {
    long used = primaryBytes(catalog.storedBytes()).getOrDefault(name, 0L);
    return StorageForecast.of(history, used, target == null ? null : quotaOf(target));
  }

  /** What the primary bucket held after each of the target's backups the forecast looks at, oldest first. */
  public static List<StoredBytesAt> history(Catalog catalog, String name, Instant now) {
    return catalog.storageHistory(name, StorageForecast.since(now), StorageForecast.MAXIMUM_POINTS);
  }

  @Nullable
  private static Long quotaOf(TargetConfig target) {
    return target.getStorageQuota() == null ? null : target.getStorageQuota().toBytes();
  }

  private static Map<String, Long> primaryBytes(List<StoredBytes> stored) {
    Map<String, Long> used = new LinkedHashMap<>();
    stored.stream().filter(s -> StoredBytes.PRIMARY.equals(s.location())).forEach(s -> used.put(s.target(), s.bytes()));
    return used;
  }
}
