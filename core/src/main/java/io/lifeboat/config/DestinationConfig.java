package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A place a restore can go instead of the target's own server or paths: a standby, a server in
 * another region, a disaster-recovery directory. It has its own credentials, because a standby's
 * are rarely the primary's. The {@code kind} key picks the subclass; a target restores only onto a
 * destination of its own kind.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PostgresDestinationConfig.class, name = PostgresTargetConfig.KIND),
  @JsonSubTypes.Type(value = RedisDestinationConfig.class, name = RedisTargetConfig.KIND),
  @JsonSubTypes.Type(value = FilesDestinationConfig.class, name = FilesTargetConfig.KIND),
  @JsonSubTypes.Type(value = ConfigDestinationConfig.class, name = ConfigTargetConfig.KIND),
  @JsonSubTypes.Type(value = KubernetesDestinationConfig.class, name = KubernetesTargetConfig.KIND)
})
public abstract class DestinationConfig {
  /**
   * What a destination name may look like. It never holds ':', so a restore's {@code to} tells a
   * destination's name from a {@code host:port}.
   */
  public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,62}";

  /** The target kind it receives, as the {@code kind} key of targets spells it. */
  public abstract String kind();
}
