package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * Another Redis server to restore onto: where it listens, and how it is stopped, fed its RDB and
 * started again ({@code restore:}, as a Redis target's).
 */
public class RedisDestinationConfig extends DestinationConfig {
  @NotEmpty @JsonProperty private String host;

  @Min(1) @Max(65535) @JsonProperty private int port = 6379;

  /** AUTH password; absent: no AUTH. */
  @Nullable @JsonProperty private String password;

  @Valid @NotNull @JsonProperty private RedisTargetConfig.Restore restore;

  @Override
  public String kind() {
    return RedisTargetConfig.KIND;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public int getPort() {
    return port;
  }

  public void setPort(int port) {
    this.port = port;
  }

  @Nullable
  public String getPassword() {
    return password;
  }

  public void setPassword(@Nullable String password) {
    this.password = password;
  }

  public RedisTargetConfig.Restore getRestore() {
    return restore;
  }

  public void setRestore(RedisTargetConfig.Restore restore) {
    this.restore = restore;
  }
}
