package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.ArrayList;
import java.util.List;

/** Where the Temporal frontend is and which namespace and task queue Lifeboat uses there. */
public class TemporalConfig {
  /** gRPC target of the Temporal frontend, usually {@code host:port}. */
  @NotBlank @JsonProperty private String target = "127.0.0.1:7233";

  @NotBlank @JsonProperty private String namespace = "default";

  @NotBlank @JsonProperty private String taskQueue = "lifeboat";

  /** Absent on a plain-text connection (local cluster, the embedded test server). */
  @Valid @Nullable @JsonProperty private TemporalTlsConfig tls;

  /**
   * Keys that encrypt every payload Lifeboat writes into Temporal's history: the first encrypts,
   * all decrypt (retired keys stay listed for the histories they wrote). Empty: payloads are
   * written in clear, which only the embedded stack avoids by generating a key of its own.
   */
  @Valid @JsonProperty private List<PayloadKeyConfig> payloadKeys = new ArrayList<>();

  /**
   * Origins of the Temporal web UI (e.g. {@code https://temporal.example.com}) whose pages may call
   * the API's codec endpoint to show decoded payloads; browsers on any other origin are refused.
   */
  @JsonProperty private List<String> webUiOrigins = new ArrayList<>();

  @JsonIgnore
  @ValidationMethod(message = "payloadKeys lists an id twice; give every key its own id (a payload names its key by id)")
  public boolean isPayloadKeyIdsDistinct() {
    return payloadKeys.stream().map(PayloadKeyConfig::getId).distinct().count() == payloadKeys.size();
  }

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

  public List<PayloadKeyConfig> getPayloadKeys() {
    return payloadKeys;
  }

  public void setPayloadKeys(List<PayloadKeyConfig> payloadKeys) {
    this.payloadKeys = payloadKeys;
  }

  public List<String> getWebUiOrigins() {
    return webUiOrigins;
  }

  public void setWebUiOrigins(List<String> webUiOrigins) {
    this.webUiOrigins = webUiOrigins;
  }
}
