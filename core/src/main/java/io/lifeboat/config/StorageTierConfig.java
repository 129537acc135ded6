package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * One storage tier ({@code storage.tiers[]}): backups at least {@code after} old keep their data
 * objects in {@code storageClass}. The tier of age zero applies at upload; retention runs move
 * older backups. GLACIER and DEEP_ARCHIVE are archive classes: a restore asks S3 for the objects
 * first and waits for them (minutes to 48 hours).
 */
public class StorageTierConfig {
  public static final String CLASSES =
      "STANDARD|INTELLIGENT_TIERING|STANDARD_IA|ONEZONE_IA|GLACIER_IR|GLACIER|DEEP_ARCHIVE";

  @NotNull @JsonProperty private Duration after;

  @NotNull
  @Pattern(regexp = CLASSES, message = "must be one of " + CLASSES)
  @JsonProperty
  private String storageClass;

  public StorageTierConfig() {}

  public StorageTierConfig(Duration after, String storageClass) {
    this.after = after;
    this.storageClass = storageClass;
  }

  public Duration getAfter() { return after; }
  public void setAfter(Duration after) { this.after = after; }
  public String getStorageClass() { return storageClass; }
  public void setStorageClass(String storageClass) { this.storageClass = storageClass; }
}
