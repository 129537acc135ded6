package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.annotation.Nullable;
import java.nio.file.Path;

/**
 * TLS towards the Temporal frontend. A client certificate and key make it mutual TLS (Temporal
 * Cloud, hardened self-hosted clusters); without a trust collection the JVM's CAs are used.
 */
public class TemporalTlsConfig {
  @JsonProperty private boolean enabled;

  /** PEM client certificate chain. */
  @Nullable @JsonProperty private Path certChain;

  /** PEM (PKCS#8) private key of the client certificate. */
  @Nullable @JsonProperty private Path privateKey;

  /** PEM CA certificates that sign the server's certificate. */
  @Nullable @JsonProperty private Path trustCertCollection;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  @Nullable
  public Path getCertChain() {
    return certChain;
  }

  public void setCertChain(@Nullable Path certChain) {
    this.certChain = certChain;
  }

  @Nullable
  public Path getPrivateKey() {
    return privateKey;
  }

  public void setPrivateKey(@Nullable Path privateKey) {
    this.privateKey = privateKey;
  }

  @Nullable
  public Path getTrustCertCollection() {
    return trustCertCollection;
  }

  public void setTrustCertCollection(@Nullable Path trustCertCollection) {
    this.trustCertCollection = trustCertCollection;
  }

  // A certificate without its key (or the reverse) is a half-finished mTLS set-up; refusing it
  // at start-up beats a handshake failure on the first workflow call.
  @JsonIgnore
  @ValidationMethod(message = "needs both certChain and privateKey for mutual TLS, or neither")
  public boolean isClientCertificateComplete() {
    return (certChain == null) == (privateKey == null);
  }
}
