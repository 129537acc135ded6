package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL database ({@code database}), or several databases of one server backed up together
 * ({@code databases: all} or a list): backed up with pg_dump and restored with pg_restore.
 */
public class PostgresTargetConfig extends TargetConfig {
  public static final String KIND = "postgres";

  @NotBlank @JsonProperty private String host;

  @Min(1) @Max(65535) @JsonProperty private int port = 5432;

  /** The one database; absent when {@link #databases} names several. */
  @Nullable
  @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
  @JsonProperty
  private String database;

  /** Several databases of the server in one backup; absent for a target of one {@link #database}. */
  @Nullable @JsonProperty private DatabaseSelection databases;

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

  @ValidationMethod(message = "needs exactly one of database (one database) or databases (all, or a list of names)")
  public boolean isDatabaseChoiceUnambiguous() {
    return (database == null) != (databases == null);
  }

  @ValidationMethod(message = "databases names no database; list at least one, or write databases: all")
  public boolean isDatabaseListNotEmpty() {
    return databases == null || databases.all() || !databases.names().isEmpty();
  }

  @ValidationMethod(message = "databases lists postgres, the database Lifeboat connects to in order to create,"
      + " rename and drop the others, so it cannot restore it in place; keep the data in a database of its own")
  public boolean isMaintenanceDatabaseLeftOut() {
    return databases == null || !databases.names().contains("postgres");
  }

  @ValidationMethod(message = "databases lists a blank name; write each database's name, or databases: all")
  public boolean isEveryListedNameGiven() {
    return databases == null || databases.names().stream().noneMatch(String::isBlank);
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** Tenants are schemas of the target's database; a target of several databases has none. */
  @Override
  public boolean hasTenantSchemas() {
    return databases == null;
  }

  @Override
  public boolean hasPostgresServer() {
    return true;
  }

  /**
   * JDBC URL of the database (of {@code postgres} for a target of several databases); user and
   * password are passed apart, never in the URL.
   */
  public String jdbcUrl() {
    String database = connectedDatabase();
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
    env.put("PGDATABASE", connectedDatabase());
    if (password != null) {
      env.put("PGPASSWORD", password);
    }
    if (sslMode != null) {
      env.put("PGSSLMODE", sslMode);
    }
    return env;
  }

  /** The one database, or {@code postgres} (which every server has) for a target of several. */
  public String connectedDatabase() {
    return database != null ? database : "postgres";
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
  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  @Nullable
  public DatabaseSelection getDatabases() {
    return databases;
  }

  public void setDatabases(@Nullable DatabaseSelection databases) {
    this.databases = databases;
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
