package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;

/**
 * AWS Secrets Manager and KMS, for {@code aws-secretsmanager:} and {@code aws-kms:} references.
 * Credentials come from the AWS SDK's default chain (environment, profile, instance role).
 */
public class AwsStoreConfig {
  @NotBlank @JsonProperty private String region;

  /** Endpoint of a compatible service in place of AWS's own; null for AWS. */
  @Nullable @JsonProperty private URI endpoint;

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  @Nullable
  public URI getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(@Nullable URI endpoint) {
    this.endpoint = endpoint;
  }
}
