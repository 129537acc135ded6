package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.ValidationMethod;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;

/** The S3 (or S3-compatible) bucket that holds the backups: the source of truth. */
public class StorageConfig {
  /** Absent for AWS itself; set for MinIO, Ceph, S3Proxy and the like. */
  @Nullable @JsonProperty private URI endpoint;

  @NotBlank @JsonProperty private String region = "us-east-1";

  @NotBlank @JsonProperty private String bucket;

  // Object keys are "<prefix>/<target>/...": a leading or trailing slash would give empty path
  // segments that some stores keep and others collapse.
  @NotNull
  @Pattern(regexp = "(?!/)(.*[^/])?", message = "must not start or end with '/'")
  @JsonProperty
  private String prefix = "";

  /** With the secret key; both absent means the AWS default credentials chain. */
  @Nullable @JsonProperty private String accessKey;

  @Nullable @JsonProperty private String secretKey;

  // Most S3-compatible stores only serve path-style URLs; AWS serves both.
  @JsonProperty private boolean pathStyle = true;

  // S3 refuses multipart parts under 5 MiB (except the last) and over 5 GiB.
  @NotNull
  @MinDataSize(value = 5, unit = DataSizeUnit.MEBIBYTES, message = "must be at least 5 MiB")
  @MaxDataSize(value = 5, unit = DataSizeUnit.GIBIBYTES, message = "must be at most 5 GiB")
  @JsonProperty
  private DataSize partSize = DataSize.mebibytes(16);

  /** Parts uploaded in parallel; each holds one part in memory. */
  @Min(1) @Max(64) @JsonProperty private int uploadConcurrency = 4;

  /** S3 Object Lock on every object written here (see {@link ObjectLockConfig}); absent: none. */
  @jakarta.validation.Valid @Nullable @JsonProperty private ObjectLockConfig objectLock;

  /**
   * Storage classes by backup age (see {@link StorageTierConfig}), e.g. STANDARD from 0 days,
   * STANDARD_IA from 8, GLACIER_IR from 31, DEEP_ARCHIVE from 91; empty: the bucket's default.
   */
  @jakarta.validation.Valid @NotNull @JsonProperty
  private java.util.List<@NotNull @jakarta.validation.Valid StorageTierConfig> tiers = new java.util.ArrayList<>();

  /** Off-site copies of every backup (see {@link CopyLocationConfig}); empty: none. */
  @jakarta.validation.Valid @NotNull @JsonProperty
  private java.util.List<@NotNull @jakarta.validation.Valid CopyLocationConfig> copies = new java.util.ArrayList<>();

  @Nullable
  public URI getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(@Nullable URI endpoint) {
    this.endpoint = endpoint;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  @Nullable
  public String getAccessKey() {
    return accessKey;
  }

  public void setAccessKey(@Nullable String accessKey) {
    this.accessKey = accessKey;
  }

  @Nullable
  public String getSecretKey() {
    return secretKey;
  }

  public void setSecretKey(@Nullable String secretKey) {
    this.secretKey = secretKey;
  }

  public boolean isPathStyle() {
    return pathStyle;
  }

  public void setPathStyle(boolean pathStyle) {
    this.pathStyle = pathStyle;
  }

  public DataSize getPartSize() {
    return partSize;
  }

  public void setPartSize(DataSize partSize) {
    this.partSize = partSize;
  }

  public int getUploadConcurrency() {
    return uploadConcurrency;
  }

  public void setUploadConcurrency(int uploadConcurrency) {
    this.uploadConcurrency = uploadConcurrency;
  }

  // One key without the other would silently fall back to the default chain and fail later
  // with a far less helpful "access denied".
  @JsonIgnore
  @ValidationMethod(message = "needs both accessKey and secretKey, or neither (AWS default credentials chain)")
  public boolean isCredentialsComplete() {
    return (accessKey == null) == (secretKey == null);
  }

  @Nullable
  public ObjectLockConfig getObjectLock() {
    return objectLock;
  }

  public void setObjectLock(@Nullable ObjectLockConfig objectLock) {
    this.objectLock = objectLock;
  }

  public java.util.List<StorageTierConfig> getTiers() {
    return tiers;
  }

  public void setTiers(java.util.List<StorageTierConfig> tiers) {
    this.tiers = tiers == null ? new java.util.ArrayList<>() : tiers;
  }

  // Two tiers from one age would leave the class of that age to chance.
  @JsonIgnore
  @ValidationMethod(message = "tiers must start at distinct ages ('after')")
  public boolean isTierAgesDistinct() {
    return tiers.stream().filter(t -> t != null && t.getAfter() != null)
        .map(t -> t.getAfter().toJavaDuration()).distinct().count()
        == tiers.stream().filter(t -> t != null && t.getAfter() != null).count();
  }

  public java.util.List<CopyLocationConfig> getCopies() {
    return copies;
  }

  public void setCopies(java.util.List<CopyLocationConfig> copies) {
    this.copies = copies == null ? new java.util.ArrayList<>() : copies;
  }
}
