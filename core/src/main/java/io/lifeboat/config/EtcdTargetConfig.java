package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * An etcd cluster (a Kubernetes control plane's, or any other), snapshotted through the
 * Maintenance API of one of its endpoints without stopping it. A restore needs {@link Restore}: the
 * NEW data directory it writes and the member it makes there; a data directory that holds anything
 * is never written over.
 */
public class EtcdTargetConfig extends TargetConfig {
  public static final String KIND = "etcd";

  /** Client URLs ({@code http://} or {@code https://}); a snapshot is taken from the first that answers. */
  @NotEmpty @JsonProperty private List<@NotEmpty @Pattern(regexp = "https?://.+",
      message = "must be a URL such as https://10.0.0.1:2379") String> endpoints = List.of("http://127.0.0.1:2379");

  /** etcd user (RBAC); absent: no authentication. */
  @Nullable @JsonProperty private String user;

  /** The user's password; a secret reference works as for other passwords. */
  @Nullable @JsonProperty private String password;

  /** CA bundle that signed the servers' certificates (PEM); absent: the JVM's trust store. */
  @Nullable @Pattern(regexp = "/.*", message = "must be an absolute path") @JsonProperty private String caFile;

  /** Client certificate (PEM), for clusters that require client certificates (Kubernetes' do). */
  @Nullable @Pattern(regexp = "/.*", message = "must be an absolute path") @JsonProperty private String certFile;

  /** The client certificate's private key (PEM, PKCS#8). */
  @Nullable @Pattern(regexp = "/.*", message = "must be an absolute path") @JsonProperty private String keyFile;

  /** Where verifications restore and start a scratch etcd; absent: the temporary directory. */
  @Nullable @Pattern(regexp = "/.*", message = "must be an absolute path") @JsonProperty private String scratchDirectory;

  /** How to put a backup back; absent: this target can be backed up and verified, not restored. */
  @Valid @Nullable @JsonProperty private Restore restore;

  @Override
  public String kind() {
    return KIND;
  }

  public List<String> getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(List<String> endpoints) {
    this.endpoints = endpoints;
  }

  @Nullable
  public String getUser() {
    return user;
  }

  public void setUser(@Nullable String user) {
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
  public String getCaFile() {
    return caFile;
  }

  public void setCaFile(@Nullable String caFile) {
    this.caFile = caFile;
  }

  @Nullable
  public String getCertFile() {
    return certFile;
  }

  public void setCertFile(@Nullable String certFile) {
    this.certFile = certFile;
  }

  @Nullable
  public String getKeyFile() {
    return keyFile;
  }

  public void setKeyFile(@Nullable String keyFile) {
    this.keyFile = keyFile;
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
   * {@code etcdutl snapshot restore} (or {@code etcdctl} where etcdutl is absent) into a new data
   * directory for one member; then, optionally, stop the old member, start the new one and wait
   * until it answers. A cluster of several members restores each one with its own target (same
   * snapshot, its own {@code name} and peer URL, the same {@code initialCluster}).
   */
  public static class Restore {
    /** The NEW data directory; it must not exist or be empty. */
    @NotNull @Pattern(regexp = "/.*", message = "must be an absolute path") @JsonProperty private String dataDirectory;

    /** The member's name ({@code --name}). */
    @NotEmpty @JsonProperty private String name = "default";

    /** {@code --initial-cluster}: every member as name=peerURL, comma-separated. */
    @NotEmpty @JsonProperty private String initialCluster = "default=http://localhost:2380";

    /** {@code --initial-advertise-peer-urls} of this member. */
    @NotEmpty @JsonProperty private String initialAdvertisePeerUrls = "http://localhost:2380";

    /** Run with {@code sh -c} before the new data directory is used; absent: nothing is stopped. */
    @Nullable @JsonProperty private String stopCommand;

    /** Run with {@code sh -c} after; absent: the operator starts etcd on the new data directory. */
    @Nullable @JsonProperty private String startCommand;

    /** How long the started member may take to answer on the target's endpoints. */
    @NotNull @JsonProperty private Duration startTimeout = Duration.minutes(5);

    public String getDataDirectory() {
      return dataDirectory;
    }

    public void setDataDirectory(String dataDirectory) {
      this.dataDirectory = dataDirectory;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getInitialCluster() {
      return initialCluster;
    }

    public void setInitialCluster(String initialCluster) {
      this.initialCluster = initialCluster;
    }

    public String getInitialAdvertisePeerUrls() {
      return initialAdvertisePeerUrls;
    }

    public void setInitialAdvertisePeerUrls(String initialAdvertisePeerUrls) {
      this.initialAdvertisePeerUrls = initialAdvertisePeerUrls;
    }

    @Nullable
    public String getStopCommand() {
      return stopCommand;
    }

    public void setStopCommand(@Nullable String stopCommand) {
      this.stopCommand = stopCommand;
    }

    @Nullable
    public String getStartCommand() {
      return startCommand;
    }

    public void setStartCommand(@Nullable String startCommand) {
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
