package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** A PostgreSQL server to restore databases and tenant schemas onto (a standby, another region). */
public class PostgresDestinationConfig extends DestinationConfig {
  @NotBlank @JsonProperty private String host;

  @Min(1) @Max(65535) @JsonProperty private int port = 5432;

  @NotBlank @JsonProperty private String user;

  /** Absent when authentication does not need one (peer, certificate, ~/.pgpass). */
  @Nullable @JsonProperty private String password;

  /** libpq's sslmode; absent leaves libpq's default ({@code prefer}). */
  @Nullable
  @Pattern(
      regexp = "disable|allow|prefer|require|verify-ca|verify-full",
      message = "must be one of disable, allow, prefer, require, verify-ca, verify-full")
  @JsonProperty
  private String sslMode;

  @Override
  public String kind() {
    return PostgresTargetConfig.KIND;
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

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  @Nullable
  public String getPassword() {
    return password;
  }

  public void setPassword(@Nullable String password) {
    this.password = password;
  }

  @Nullable
  public String getSslMode() {
    return sslMode;
  }

  public void setSslMode(@Nullable String sslMode) {
    this.sslMode = sslMode;
  }
}
