package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;

/**
 * The secret stores that secret references ({@code vault:…}, {@code aws-secretsmanager:…},
 * {@code aws-kms:…}) are read from. Each is optional; a reference to a store that is not
 * configured is refused when it is read.
 */
public class SecretStoresConfig {
  @Valid @Nullable @JsonProperty private VaultStoreConfig vault;

  @Valid @Nullable @JsonProperty private AwsStoreConfig aws;

  @Nullable
  public VaultStoreConfig getVault() {
    return vault;
  }

  public void setVault(@Nullable VaultStoreConfig vault) {
    this.vault = vault;
  }

  @Nullable
  public AwsStoreConfig getAws() {
    return aws;
  }

  public void setAws(@Nullable AwsStoreConfig aws) {
    this.aws = aws;
  }
}
