package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
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

  /** Armored OpenPGP secret key that signs manifests. */
  @NotNull @JsonProperty private Path signingKey;

  @Nullable @JsonProperty private String signingKeyPassphrase;

  @JsonProperty private List<@NotNull Path> verificationKeys = new ArrayList<>();

  @Valid @Nullable @JsonProperty private DecryptionKeyConfig decryptionKey;

  @Nullable @JsonProperty private Instant acceptUnsignedWalBefore;

  public List<Path> getRecipients() {
    return recipients;
  }

  public void setRecipients(List<Path> recipients) {
    this.recipients = recipients;
  }

  public Path getSigningKey() {
    return signingKey;
  }

  public void setSigningKey(Path signingKey) {
    this.signingKey = signingKey;
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
