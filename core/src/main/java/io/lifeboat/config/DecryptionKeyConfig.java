package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.annotation.Nullable;
import java.nio.file.Path;

/**
 * Where the armored OpenPGP secret key that decrypts backups comes from at restore time: a file,
 * or an environment variable (so it can be injected by a secret store for the duration of a
 * recovery and never lie on disk).
 */
public class DecryptionKeyConfig {
  @Nullable @JsonProperty private Path file;

  /** Name of the environment variable that holds the armored key itself. */
  @Nullable @JsonProperty private String env;

  /** Name of the environment variable that holds the key's passphrase, if it has one. */
  @Nullable @JsonProperty private String passphraseEnv;

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
  @ValidationMethod(message = "needs exactly one of file (a path) or env (a variable holding the armored key)")
  public boolean isSourceUnambiguous() {
    return (file == null) != (env == null || env.isBlank());
  }
}
