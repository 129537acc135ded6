package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;

/**
 * A HashiCorp Vault server whose KV version 2 secrets engine holds Lifeboat's secrets. The token
 * is read from the environment (never from this file) when the first secret is read.
 */
public class VaultStoreConfig {
  /** For example {@code https://vault.example.com:8200}. */
  @NotNull @JsonProperty private URI address;

  /** Name of the environment variable holding the Vault token. */
  @NotBlank @JsonProperty private String tokenEnv = "VAULT_TOKEN";

  /** Vault Enterprise namespace, sent as {@code X-Vault-Namespace}; null for none. */
  @Nullable @JsonProperty private String namespace;

  /** PEM file of the CA that signed Vault's TLS certificate; null to trust the JDK's CAs. */
  @Nullable @JsonProperty private Path caFile;

  public URI getAddress() {
    return address;
  }

  public void setAddress(URI address) {
    this.address = address;
  }

  public String getTokenEnv() {
    return tokenEnv;
  }

  public void setTokenEnv(String tokenEnv) {
    this.tokenEnv = tokenEnv;
  }

  @Nullable
  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(@Nullable String namespace) {
    this.namespace = namespace;
  }

  @Nullable
  public Path getCaFile() {
    return caFile;
  }

  public void setCaFile(@Nullable Path caFile) {
    this.caFile = caFile;
  }
}
