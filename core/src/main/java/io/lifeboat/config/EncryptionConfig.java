package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import io.lifeboat.config.secrets.SecretReference;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenPGP keys. Backups are encrypted to public keys only, so a machine that writes backups
 * cannot read them; only a machine given {@link #getDecryptionKey()} can restore.
 */
public class EncryptionConfig {
  /** Armored OpenPGP public key files; every backup is readable by each of them. */
  @NotEmpty @JsonProperty private List<@NotNull Path> recipients = new ArrayList<>();

  /** Armored OpenPGP secret key file that signs manifests (or {@link #getSigningKeySecret()}). */
  @Nullable @JsonProperty private Path signingKey;

  /** A secret reference to the armored signing key, read at start in place of {@link #getSigningKey()}. */
  @Nullable @JsonProperty private String signingKeySecret;

  @Nullable @JsonProperty private String signingKeyPassphrase;

  @JsonProperty private List<@NotNull Path> verificationKeys = new ArrayList<>();

  @Valid @Nullable @JsonProperty private DecryptionKeyConfig decryptionKey;

  /** Several decryption keys, e.g. the current one and those of backups made before a rotation. */
  @JsonProperty private List<@Valid @NotNull DecryptionKeyConfig> decryptionKeys = new ArrayList<>();

  @Nullable @JsonProperty private Instant acceptUnsignedWalBefore;

  public List<Path> getRecipients() {
    return recipients;
  }

  public void setRecipients(List<Path> recipients) {
    this.recipients = recipients;
  }

  @Nullable
  public Path getSigningKey() {
    return signingKey;
  }

  public void setSigningKey(@Nullable Path signingKey) {
    this.signingKey = signingKey;
  }

  @Nullable
  public String getSigningKeySecret() {
    return signingKeySecret;
  }

  public void setSigningKeySecret(@Nullable String signingKeySecret) {
    this.signingKeySecret = signingKeySecret;
  }

  public List<DecryptionKeyConfig> getDecryptionKeys() {
    return decryptionKeys;
  }

  public void setDecryptionKeys(List<DecryptionKeyConfig> decryptionKeys) {
    this.decryptionKeys = decryptionKeys;
  }

  /** Every configured decryption key: {@link #getDecryptionKey()} and {@link #getDecryptionKeys()}. */
  @JsonIgnore
  public List<DecryptionKeyConfig> allDecryptionKeys() {
    List<DecryptionKeyConfig> all = new ArrayList<>();
    if (decryptionKey != null) {
      all.add(decryptionKey);
    }
    all.addAll(decryptionKeys);
    return all;
  }

  @JsonIgnore
  @ValidationMethod(message = "needs exactly one of signingKey (a key file) or signingKeySecret (a secret reference"
      + " such as vault:secret/lifeboat#signingKey)")
  public boolean isSigningKeyUnambiguous() {
    return (signingKey == null) != (signingKeySecret == null || signingKeySecret.isBlank());
  }

  @JsonIgnore
  @ValidationMethod(message = "signingKeySecret takes a secret reference such as vault:secret/lifeboat#signingKey,"
      + " not the key: write it without ${...}")
  public boolean isSigningKeySecretAReference() {
    return signingKeySecret == null || SecretReference.looksLikeReference(signingKeySecret);
  }

  @JsonIgnore
  @ValidationMethod(message = "has both decryptionKey and decryptionKeys: list every key under decryptionKeys")
  public boolean isDecryptionKeyUnambiguous() {
    return decryptionKey == null || decryptionKeys.isEmpty();
  }

  @Nullable
  public String getSigningKeyPassphrase() {
    return signingKeyPassphrase;
  }

  public void setSigningKeyPassphrase(@Nullable String signingKeyPassphrase) {
    this.signingKeyPassphrase = signingKeyPassphrase;
  }

  /**
   * Armored public key files trusted for manifest signatures. Empty means: trust only the public
   * part of {@link #getSigningKey()}.
   */
  public List<Path> getVerificationKeys() {
    return verificationKeys;
  }

  public void setVerificationKeys(List<Path> verificationKeys) {
    this.verificationKeys = verificationKeys;
  }

  /** Absent on machines that only write backups. */
  @Nullable
  public DecryptionKeyConfig getDecryptionKey() {
    return decryptionKey;
  }

  public void setDecryptionKey(@Nullable DecryptionKeyConfig decryptionKey) {
    this.decryptionKey = decryptionKey;
  }

  /**
   * WAL files archived before WAL was signed have no signature and are refused by recoveries; those
   * stored in the bucket before this time (when Lifeboat was upgraded) are replayed. Null: none.
   */
  @Nullable
  public Instant getAcceptUnsignedWalBefore() {
    return acceptUnsignedWalBefore;
  }

  public void setAcceptUnsignedWalBefore(@Nullable Instant acceptUnsignedWalBefore) {
    this.acceptUnsignedWalBefore = acceptUnsignedWalBefore;
  }
}
