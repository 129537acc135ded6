package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of directories (uploads, logs, Docker volume folders), backed up incrementally as tar
 * packs plus a per-file index. Excludes: a pattern without '/' matches a name at any depth
 * ({@code *.tmp}, {@code cache}); one with '/' matches the path relative to its root
 * ({@code logs/**}).
 */
public class FilesTargetConfig extends TargetConfig {
  public static final String KIND = "files";

  @NotEmpty
  @JsonProperty
  private List<@NotNull @Pattern(regexp = "/.*", message = "must be an absolute path") String> paths =
      new ArrayList<>();

  @NotNull @JsonProperty private List<@NotNull String> excludes = new ArrayList<>();

  /** Where verifications restore to; absent: the system's temporary directory. */
  @Nullable
  @Pattern(regexp = "/.*", message = "must be an absolute path")
  @JsonProperty
  private String scratchDirectory;

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

  public List<String> getExcludes() {
    return excludes;
  }

  public void setExcludes(List<String> excludes) {
    this.excludes = excludes;
  }

  @Nullable
  public String getScratchDirectory() {
    return scratchDirectory;
  }

  public void setScratchDirectory(@Nullable String scratchDirectory) {
    this.scratchDirectory = scratchDirectory;
  }
}
