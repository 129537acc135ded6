package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A PostgreSQL database, backed up with pg_dump and restored with pg_restore. */
public class PostgresTargetConfig extends TargetConfig {
  public static final String KIND = "postgres";

  @NotBlank @JsonProperty private String host;

  @Min(1) @Max(65535) @JsonProperty private int port = 5432;

  @NotBlank @JsonProperty private String database;

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
    return KIND;
  }

  /** Tenants are schemas of the target's database. */
  @Override
  public boolean hasTenantSchemas() {
    return true;
  }

  @Override
  public boolean hasPostgresServer() {
    return true;
  }

  /** JDBC URL of the database; user and password are passed apart, never in the URL. */
  public String jdbcUrl() {
    String hostPart = host.contains(":") ? "[" + host + "]" : host; // IPv6 literal
    String url =
        "jdbc:postgresql://" + hostPart + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    return sslMode == null ? url : url + "?sslmode=" + sslMode;
  }

  /**
   * The libpq environment for pg_dump and pg_restore. Passing the password this way keeps it
   * out of the command line, which every user of the machine can read.
   */
  public Map<String, String> libpqEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGHOST", host);
    env.put("PGPORT", Integer.toString(port));
    env.put("PGUSER", user);
    env.put("PGDATABASE", database);
    if (password != null) {
      env.put("PGPASSWORD", password);
    }
    if (sslMode != null) {
      env.put("PGSSLMODE", sslMode);
    }
    return env;
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

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
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
