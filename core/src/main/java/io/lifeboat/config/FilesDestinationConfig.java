package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A directory of this machine (a disaster-recovery mount) to restore a file set into: files have no
 * server, so the destination is the directory.
 */
public class FilesDestinationConfig extends DestinationConfig {
  @NotNull
  @Pattern(regexp = "/.*", message = "must be an absolute path")
  @JsonProperty
  private String directory;

  @Override
  public String kind() {
    return FilesTargetConfig.KIND;
  }

  public String getDirectory() {
    return directory;
  }

  public void setDirectory(String directory) {
    this.directory = directory;
  }
}
