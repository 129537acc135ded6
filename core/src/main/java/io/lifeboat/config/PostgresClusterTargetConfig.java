package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A whole PostgreSQL cluster: base backups with {@code pg_basebackup}, continuous WAL archiving
 * through the worker's WAL receiver, and point-in-time recovery into a new data directory. Not
 * the per-database {@code postgres} kind (pg_dump): this one restores every database as of any
 * moment the archive covers.
 */
public class PostgresClusterTargetConfig extends TargetConfig {
  public static final String KIND = "postgres-cluster";

  @NotBlank @JsonProperty private String host;

  @Min(1) @Max(65535) @JsonProperty private int port = 5432;

  /** A role with REPLICATION (pg_basebackup) that may also connect to the {@code postgres} database. */
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

  /** How PostgreSQL hands WAL files to Lifeboat and fetches them back. */
  @Valid @NotNull @JsonProperty private WalArchive walArchive;

  /** PostgreSQL's server binaries of the cluster's major version (pg_ctl, postgres) for recoveries. */
  @NotBlank
  @Pattern(regexp = "/.*", message = "must be an absolute path")
  @JsonProperty
  private String binDirectory = "/usr/lib/postgresql/15/bin";

  /**
   * The operating-system user recovered servers run as (PostgreSQL refuses root); used with
   * {@code runuser} when the worker runs as root. Absent: the worker's own user.
   */
  @Nullable
  @Pattern(regexp = "[a-z_][a-z0-9_-]*", message = "must be a user name such as postgres")
  @JsonProperty
  private String osUser;

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public boolean hasPostgresServer() {
    return true;
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

  public WalArchive getWalArchive() {
    return walArchive;
  }

  public void setWalArchive(WalArchive walArchive) {
    this.walArchive = walArchive;
  }

  public String getBinDirectory() {
    return binDirectory;
  }

  public void setBinDirectory(String binDirectory) {
    this.binDirectory = binDirectory;
  }

  @Nullable
  public String getOsUser() {
    return osUser;
  }

  public void setOsUser(@Nullable String osUser) {
    this.osUser = osUser;
  }

  /**
   * The worker's WAL receiver for this cluster: {@code archive_command} and
   * {@code restore_command} run the {@code lifeboat-wal} client, which hands each file to it.
   */
  public static class WalArchive {
    /** Where the receiver listens, {@code host:port}; keep it on loopback or a private network. */
    @NotNull
    @Pattern(regexp = "[^:\\s]+:[0-9]{1,5}", message = "must be host:port, such as 127.0.0.1:7480")
    @JsonProperty
    private String listen = "127.0.0.1:7480";

    /** A file holding the shared secret the client sends (the same file the client reads). */
    @NotNull
    @Pattern(regexp = "/.*", message = "must be an absolute path")
    @JsonProperty
    private String secretFile;

    /**
     * The server's data directory, when the worker can read it: the receiver then archives files
     * marked ready ahead of the archiver's requests. Absent: one file at a time.
     */
    @Nullable
    @Pattern(regexp = "/.*", message = "must be an absolute path")
    @JsonProperty
    private String dataDirectory;

    /** How many ready files are archived ahead at once. */
    @Min(0) @Max(32) @JsonProperty private int pushAhead = 3;

    /** The client recoveries put in their restore_command. */
    @NotNull
    @Pattern(regexp = "/.*", message = "must be an absolute path")
    @JsonProperty
    private String client = "/usr/local/bin/lifeboat-wal";

    public String getListen() {
      return listen;
    }

    public void setListen(String listen) {
      this.listen = listen;
    }

    public String getSecretFile() {
      return secretFile;
    }

    public void setSecretFile(String secretFile) {
      this.secretFile = secretFile;
    }

    @Nullable
    public String getDataDirectory() {
      return dataDirectory;
    }

    public void setDataDirectory(@Nullable String dataDirectory) {
      this.dataDirectory = dataDirectory;
    }

    public int getPushAhead() {
      return pushAhead;
    }

    public void setPushAhead(int pushAhead) {
      this.pushAhead = pushAhead;
    }

    public String getClient() {
      return client;
    }

    public void setClient(String client) {
      this.client = client;
    }
  }
}
