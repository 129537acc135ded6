package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How urgent a notification is: critical pages someone, warning asks for a look, info is routine. */
public enum NotificationSeverity {
  @JsonProperty("critical") CRITICAL,
  @JsonProperty("warning") WARNING,
  @JsonProperty("info") INFO;

  /** As the configuration, PagerDuty and Alertmanager spell it. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
