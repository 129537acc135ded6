package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A running Redis server, snapshotted without stopping it (the RDB it sends a replica, as
 * {@code redis-cli --rdb} gets it). A restore needs {@link Restore}: how to stop and start the
 * server and where it reads its RDB from.
 */
public class RedisTargetConfig extends TargetConfig {
  public static final String KIND = "redis";

  @NotEmpty @JsonProperty private String host = "127.0.0.1";

  @Min(1) @Max(65535) @JsonProperty private int port = 6379;

  /** AUTH password; absent: no AUTH. Passed to redis-cli through REDISCLI_AUTH, never on a command line. */
  @Nullable @JsonProperty private String password;

  /** How many keys (name, type, TTL class) the manifest records, to compare after restores. */
  @Min(0) @Max(100_000) @JsonProperty private int sampleKeys = 200;

  /** Where verifications load the RDB into a scratch redis-server; absent: the temporary directory. */
  @Nullable
  @Pattern(regexp = "/.*", message = "must be an absolute path")
  @JsonProperty
  private String scratchDirectory;

  /** How to put a backup back; absent: this target can be backed up and verified, not restored. */
  @Valid @Nullable @JsonProperty private Restore restore;

  @Override
  public String kind() {
    return KIND;
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

  public int getSampleKeys() {
    return sampleKeys;
  }

  public void setSampleKeys(int sampleKeys) {
    this.sampleKeys = sampleKeys;
  }

  @Nullable
  public String getScratchDirectory() {
    return scratchDirectory;
  }

  public void setScratchDirectory(@Nullable String scratchDirectory) {
    this.scratchDirectory = scratchDirectory;
  }

  @Nullable
  public Restore getRestore() {
    return restore;
  }

  public void setRestore(@Nullable Restore restore) {
    this.restore = restore;
  }

  /**
   * Stop the server (a shell command), atomically replace the RDB file it loads at start, start
   * it (a shell command) and wait until it answers with the data loaded.
   */
  public static class Restore {
    /** The RDB file the server loads at start ({@code dir} + {@code dbfilename}); AOF must be off. */
    @NotNull
    @Pattern(regexp = "/.*", message = "must be an absolute path")
    @JsonProperty
    private String rdbPath;

    /** Run with {@code sh -c}; must return once the server has stopped (e.g. systemctl stop redis-server). */
    @NotEmpty @JsonProperty private String stopCommand;

    /** Run with {@code sh -c}; may return before the server is up (Lifeboat waits for it). */
    @NotEmpty @JsonProperty private String startCommand;

    /** How long the started server may take to load the RDB and answer. */
    @NotNull @JsonProperty private Duration startTimeout = Duration.minutes(5);

    public String getRdbPath() {
      return rdbPath;
    }

    public void setRdbPath(String rdbPath) {
      this.rdbPath = rdbPath;
    }

    public String getStopCommand() {
      return stopCommand;
    }

    public void setStopCommand(String stopCommand) {
      this.stopCommand = stopCommand;
    }

    public String getStartCommand() {
      return startCommand;
    }

    public void setStartCommand(String startCommand) {
      this.startCommand = startCommand;
    }

    public Duration getStartTimeout() {
      return startTimeout;
    }

    public void setStartTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
    }
  }
}
