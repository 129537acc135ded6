package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * An off-site copy location ({@code storage.copies[]}): another bucket, region or provider with
 * its own credentials. A copy keeps the primary's layout under its own prefix, so it is a
 * complete, restorable backup store by itself.
 */
public class CopyLocationConfig {
  @NotBlank
  @Pattern(regexp = "[a-z0-9][a-z0-9_-]*", message = "must be lowercase letters, digits, '_' and '-'")
  @JsonProperty
  private String name;

  @Nullable @JsonProperty private URI endpoint;

  @NotBlank @JsonProperty private String region = "us-east-1";

  @NotBlank @JsonProperty private String bucket;

  @NotNull
  @Pattern(regexp = "(?!/)(.*[^/])?", message = "must not start or end with '/'")
  @JsonProperty
  private String prefix = "";

  @Nullable @JsonProperty private String accessKey;

  @Nullable @JsonProperty private String secretKey;

  @JsonProperty private boolean pathStyle = true;

  /** Copy each new backup here as soon as it is indexed (false: only when asked). */
  @JsonProperty private boolean afterEachBackup = true;

  /** Only backups of these targets are copied here; empty: every target's. */
  @NotNull @JsonProperty private List<@NotBlank String> targets = new ArrayList<>();

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  @Nullable public URI getEndpoint() { return endpoint; }
  public void setEndpoint(@Nullable URI endpoint) { this.endpoint = endpoint; }
  public String getRegion() { return region; }
  public void setRegion(String region) { this.region = region; }
  public String getBucket() { return bucket; }
  public void setBucket(String bucket) { this.bucket = bucket; }
  public String getPrefix() { return prefix; }
  public void setPrefix(String prefix) { this.prefix = prefix; }
  @Nullable public String getAccessKey() { return accessKey; }
  public void setAccessKey(@Nullable String accessKey) { this.accessKey = accessKey; }
  @Nullable public String getSecretKey() { return secretKey; }
  public void setSecretKey(@Nullable String secretKey) { this.secretKey = secretKey; }
  public boolean isPathStyle() { return pathStyle; }
  public void setPathStyle(boolean pathStyle) { this.pathStyle = pathStyle; }
  public boolean isAfterEachBackup() { return afterEachBackup; }
  public void setAfterEachBackup(boolean afterEachBackup) { this.afterEachBackup = afterEachBackup; }
  public List<String> getTargets() { return targets; }
  public void setTargets(List<String> targets) { this.targets = targets == null ? new ArrayList<>() : targets; }

  /** Whether backups of {@code target} belong at this location. */
  public boolean holds(String target) {
    return targets.isEmpty() || targets.contains(target);
  }

  @JsonIgnore
  @ValidationMethod(message = "needs both accessKey and secretKey, or neither (AWS default credentials chain)")
  public boolean isCredentialsComplete() {
    return (accessKey == null) == (secretKey == null);
  }
}
