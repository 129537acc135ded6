package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * A configuration tree (application YAML, JSON, properties, env files), backed up like a file set
 * with three differences: only files matching {@code includes} are kept (empty: all), files
 * matching {@code secrets} are never read nor stored, and before a restore every file is validated
 * by type (YAML, JSON, .properties, .env, or a configured command), an invalid set being refused.
 * Each backup reports what changed since the previous one. Patterns work as in {@code kind: files}:
 * without '/' they match a name at any depth, with '/' the path relative to its root.
 */
public class ConfigTargetConfig extends TargetConfig {
  public static final String KIND = "config";

  /** Left out unless {@code secrets:} says otherwise: keys, keystores and anything named secret. */
  public static final List<String> DEFAULT_SECRETS = List.of("*.key", "*.pem", "*.p12", "*.pfx", "*.jks",
      "*.keystore", "*secret*", "*Secret*", "*SECRET*", "*credentials*", "id_rsa*", "id_ed25519*",
      ".env.production", ".env.*.local", ".pgpass", ".netrc");

  @NotEmpty
  @JsonProperty
  private List<@NotNull @Pattern(regexp = "/.*", message = "must be an absolute path") String> paths =
      new ArrayList<>();

  @NotNull @JsonProperty private List<@NotNull String> includes = new ArrayList<>();

  @NotNull @JsonProperty private List<@NotNull String> excludes = new ArrayList<>();

  @NotNull @JsonProperty private List<@NotNull String> secrets = new ArrayList<>(DEFAULT_SECRETS);

  /** Validation commands by glob; they take precedence over validation by file type. */
  @NotNull @Valid @JsonProperty private List<@NotNull @Valid Validator> validators = new ArrayList<>();

  /** Where verifications and pre-restore validations restore to; absent: the temporary directory. */
  @Nullable
  @Pattern(regexp = "/.*", message = "must be an absolute path")
  @JsonProperty
  private String scratchDirectory;

  /**
   * A command that validates the files matching {@code glob}: {@code {file}} in an argument is
   * replaced by the file's path (appended when no argument has it); exit code 0 means valid.
   */
  public static class Validator {
    @NotEmpty @JsonProperty private String glob;
    @NotEmpty @JsonProperty private List<@NotNull String> command = new ArrayList<>();

    public String getGlob() {
      return glob;
    }

    public void setGlob(String glob) {
      this.glob = glob;
    }

    public List<String> getCommand() {
      return command;
    }

    public void setCommand(List<String> command) {
      this.command = command;
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  public List<String> getPaths() {
    return paths;
  }

  public void setPaths(List<String> paths) {
    this.paths = paths;
  }

  public List<String> getIncludes() {
    return includes;
  }

  public void setIncludes(List<String> includes) {
    this.includes = includes == null ? new ArrayList<>() : includes;
  }

  public List<String> getExcludes() {
    return excludes;
  }

  public void setExcludes(List<String> excludes) {
    this.excludes = excludes == null ? new ArrayList<>() : excludes;
  }

  public List<String> getSecrets() {
    return secrets;
  }

  public void setSecrets(List<String> secrets) {
    this.secrets = secrets == null ? new ArrayList<>() : secrets;
  }

  public List<Validator> getValidators() {
    return validators;
  }

  public void setValidators(List<Validator> validators) {
    this.validators = validators == null ? new ArrayList<>() : validators;
  }

  @Nullable
  public String getScratchDirectory() {
    return scratchDirectory;
  }

  public void setScratchDirectory(@Nullable String scratchDirectory) {
    this.scratchDirectory = scratchDirectory;
  }
}
