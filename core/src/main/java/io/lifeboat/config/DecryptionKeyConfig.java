package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import io.lifeboat.config.secrets.SecretReference;
import jakarta.annotation.Nullable;
import java.nio.file.Path;

/**
 * Where the armored OpenPGP secret key that decrypts backups comes from at restore time: a file,
 * an environment variable, or a secret store ({@code secret}, read when a restore or a
 * verification first decrypts, and then kept in memory only, never on disk).
 */
public class DecryptionKeyConfig {
  @Nullable @JsonProperty private Path file;

  /** Name of the environment variable that holds the armored key itself. */
  @Nullable @JsonProperty private String env;

  /** A secret reference ({@code vault:…}, {@code aws-secretsmanager:…}, {@code aws-kms:…}) to the armored key. */
  @Nullable @JsonProperty private String secret;

  /** Name of the environment variable that holds the key's passphrase, if it has one. */
  @Nullable @JsonProperty private String passphraseEnv;

  /** A secret reference to the key's passphrase, if it has one. */
  @Nullable @JsonProperty private String passphraseSecret;

  @Nullable
  public String getSecret() {
    return secret;
  }

  public void setSecret(@Nullable String secret) {
    this.secret = secret;
  }

  @Nullable
  public String getPassphraseSecret() {
    return passphraseSecret;
  }

  public void setPassphraseSecret(@Nullable String passphraseSecret) {
    this.passphraseSecret = passphraseSecret;
  }

  @Nullable
  public Path getFile() {
    return file;
  }

  public void setFile(@Nullable Path file) {
    this.file = file;
  }

  @Nullable
  public String getEnv() {
    return env;
  }

  public void setEnv(@Nullable String env) {
    this.env = env;
  }

  @Nullable
  public String getPassphraseEnv() {
    return passphraseEnv;
  }

  public void setPassphraseEnv(@Nullable String passphraseEnv) {
    this.passphraseEnv = passphraseEnv;
  }

  @JsonIgnore
  @ValidationMethod(message = "needs exactly one of file (a path), env (a variable holding the armored key) or secret"
      + " (a secret reference such as vault:secret/lifeboat#decryptionKey)")
  public boolean isSourceUnambiguous() {
    int sources = (file == null ? 0 : 1) + (env == null || env.isBlank() ? 0 : 1)
        + (secret == null || secret.isBlank() ? 0 : 1);
    return sources == 1;
  }

  // A ${vault:...} written here would put the key itself in the field; refused without echoing it.
  @JsonIgnore
  @ValidationMethod(message = "secret and passphraseSecret take a secret reference such as"
      + " vault:secret/lifeboat#decryptionKey, not the secret: write it without ${...}")
  public boolean isSecretAReference() {
    return (secret == null || SecretReference.looksLikeReference(secret))
        && (passphraseSecret == null || SecretReference.looksLikeReference(passphraseSecret));
  }

  @JsonIgnore
  @ValidationMethod(message = "has both passphraseEnv and passphraseSecret: keep the one that holds the passphrase")
  public boolean isPassphraseUnambiguous() {
    return passphraseEnv == null || passphraseSecret == null;
  }
}
