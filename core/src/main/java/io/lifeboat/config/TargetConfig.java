package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * Something Lifeboat backs up and restores, with its recovery objectives. The {@code kind} key
 * picks the subclass; a new kind is one more subclass listed here.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = PostgresTargetConfig.class, name = PostgresTargetConfig.KIND)})
public abstract class TargetConfig {
  /**
   * What a target name may look like: it becomes a storage path segment and part of workflow
   * ids, so it stays lowercase, slash-free and colon-free.
   */
  public static final String NAME_PATTERN = "[a-z0-9][a-z0-9_-]*";

  /** Recovery point objective: the most data, in time, that a recovery may lose. */
  @NotNull
  @MinDuration(value = 0, unit = TimeUnit.SECONDS, inclusive = false, message = "must be longer than zero")
  @JsonProperty
  private Duration rpo;

  /** Recovery time objective: the longest a recovery may take, incident to service back. */
  @NotNull
  @MinDuration(value = 0, unit = TimeUnit.SECONDS, inclusive = false, message = "must be longer than zero")
  @JsonProperty
  private Duration rto;

  /** The {@code kind} value of this target in the configuration, the catalog and storage keys. */
  public abstract String kind();

  public Duration getRpo() {
    return rpo;
  }

  public void setRpo(Duration rpo) {
    this.rpo = rpo;
  }

  public Duration getRto() {
    return rto;
  }

  public void setRto(Duration rto) {
    this.rto = rto;
  }
}
