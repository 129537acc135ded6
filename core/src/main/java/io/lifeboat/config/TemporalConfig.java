package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

/** Where the Temporal frontend is and which namespace and task queue Lifeboat uses there. */
public class TemporalConfig {
  /** gRPC target of the Temporal frontend, usually {@code host:port}. */
  @NotBlank @JsonProperty private String target = "127.0.0.1:7233";

  @NotBlank @JsonProperty private String namespace = "default";

  @NotBlank @JsonProperty private String taskQueue = "lifeboat";

  /** Absent on a plain-text connection (local cluster, the embedded test server). */
  @Valid @Nullable @JsonProperty private TemporalTlsConfig tls;

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getTaskQueue() {
    return taskQueue;
  }

  public void setTaskQueue(String taskQueue) {
    this.taskQueue = taskQueue;
  }

  @Nullable
  public TemporalTlsConfig getTls() {
    return tls;
  }

  public void setTls(@Nullable TemporalTlsConfig tls) {
    this.tls = tls;
  }
}
