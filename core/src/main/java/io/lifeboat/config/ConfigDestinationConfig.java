package io.lifeboat.config;

/** A directory of this machine to restore a configuration tree into, as {@link FilesDestinationConfig}. */
public class ConfigDestinationConfig extends FilesDestinationConfig {
  @Override
  public String kind() {
    return ConfigTargetConfig.KIND;
  }
}
