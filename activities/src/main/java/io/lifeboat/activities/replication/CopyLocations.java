package io.lifeboat.activities.replication;

import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.config.CopyLocationConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The off-site copy locations ({@code storage.copies}) by name, in the configuration's order:
 * where each one's objects are, and which backups it takes.
 */
public final class CopyLocations {
  private final Map<String, ObjectStore> stores;
  private final Map<String, CopyLocationConfig> configs = new LinkedHashMap<>();

  /** {@code stores} holds an open store for every configured location, by name. */
  public CopyLocations(Map<String, ObjectStore> stores, List<CopyLocationConfig> configs) {
    this.stores = new LinkedHashMap<>(stores);
    configs.forEach(c -> this.configs.put(c.getName(), c));
  }

  public List<String> names() {
    return List.copyOf(stores.keySet());
  }

  /** Empty when no location of that name is configured (any more). */
  public Optional<ObjectStore> store(String name) {
    return Optional.ofNullable(stores.get(name));
  }

  /** Whether location {@code name} takes backups (and WAL) of {@code target}, when asked or after each. */
  public boolean holds(String name, String target) {
    CopyLocationConfig config = configs.get(name);
    return config != null && stores.containsKey(name) && config.holds(target);
  }

  /** Where a location is, for messages: its endpoint (or the default AWS one) and bucket. */
  public String describe(String name) {
    CopyLocationConfig config = configs.get(name);
    if (config == null) {
      return name;
    }
    return "'" + name + "' (s3://" + config.getBucket() + (config.getPrefix().isEmpty() ? "" : "/" + config.getPrefix())
        + " at " + (config.getEndpoint() == null ? "AWS S3 in " + config.getRegion() : config.getEndpoint()) + ")";
  }

  /**
   * The locations that copy each new backup of {@code target} as soon as it is indexed, and each
   * WAL file of a cluster target as soon as it is archived. The others ({@code afterEachBackup:
   * false}) get copies only from {@code lifeboat copies sync}.
   */
  public List<String> afterBackup(String target) {
    return configs.values().stream()
        .filter(c -> c.isAfterEachBackup() && c.holds(target) && stores.containsKey(c.getName()))
        .map(CopyLocationConfig::getName)
        .toList();
  }
}
