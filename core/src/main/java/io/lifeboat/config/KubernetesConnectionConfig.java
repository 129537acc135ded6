package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Pattern;

/**
 * How Lifeboat reaches a Kubernetes API server, one of three ways: a kubeconfig file (and one of
 * its contexts), an explicit {@code server} with a bearer token file and the cluster's CA, or —
 * when none is given — the service account of the pod the worker runs in. Credentials stay in
 * files the worker reads, never in the configuration itself. Absent or empty ({@code connection: {}}):
 * the in-cluster service account.
 */
public class KubernetesConnectionConfig {
  /** A kubeconfig file; absent: {@code server}, or the in-cluster service account. */
  @Nullable
  @Pattern(regexp = "/.*", message = "must be an absolute path")
  @JsonProperty
  private String kubeconfig;

  /** A context of {@code kubeconfig}; absent: its current context. */
  @Nullable @JsonProperty private String context;

  /** The API server's URL ({@code https://host:6443}), with {@code tokenFile} and {@code caFile}. */
  @Nullable
  @Pattern(regexp = "https?://.+", message = "must be the API server's URL, e.g. https://k8s.internal:6443")
  @JsonProperty
  private String server;

  /** A file holding the bearer token, read at each connection (a rotated token is picked up). */
  @Nullable
  @Pattern(regexp = "/.*", message = "must be an absolute path")
  @JsonProperty
  private String tokenFile;

  /** The cluster's CA certificate (PEM); absent with {@code server}: the JVM's trusted CAs. */
  @Nullable
  @Pattern(regexp = "/.*", message = "must be an absolute path")
  @JsonProperty
  private String caFile;

  @JsonIgnore
  @ValidationMethod(message = "sets both kubeconfig and server; give one: a kubeconfig (and a context),"
      + " or a server with its tokenFile and caFile")
  public boolean isOneWayToConnect() {
    return kubeconfig == null || server == null;
  }

  @JsonIgnore
  @ValidationMethod(message = "sets a context without a kubeconfig; add kubeconfig: /path/to/kubeconfig")
  public boolean isContextOfAKubeconfig() {
    return context == null || kubeconfig != null;
  }

  @JsonIgnore
  @ValidationMethod(message = "sets tokenFile or caFile without a server; add server: https://host:6443")
  public boolean isTokenWithAServer() {
    return server != null || (tokenFile == null && caFile == null);
  }

  @Nullable
  public String getKubeconfig() {
    return kubeconfig;
  }

  public void setKubeconfig(@Nullable String kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  @Nullable
  public String getContext() {
    return context;
  }

  public void setContext(@Nullable String context) {
    this.context = context;
  }

  @Nullable
  public String getServer() {
    return server;
  }

  public void setServer(@Nullable String server) {
    this.server = server;
  }

  @Nullable
  public String getTokenFile() {
    return tokenFile;
  }

  public void setTokenFile(@Nullable String tokenFile) {
    this.tokenFile = tokenFile;
  }

  @Nullable
  public String getCaFile() {
    return caFile;
  }

  public void setCaFile(@Nullable String caFile) {
    this.caFile = caFile;
  }
}
