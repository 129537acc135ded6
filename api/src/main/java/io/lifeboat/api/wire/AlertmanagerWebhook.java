package io.lifeboat.api.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * What Alertmanager's webhook receiver posts (version 4); only the fields Lifeboat reads. Unknown
 * fields are ignored here, unlike Lifeboat's own request bodies: Alertmanager adds fields over time.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertmanagerWebhook(String version, String status, List<Alert> alerts) {
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Alert(String status, Map<String, String> labels, Map<String, String> annotations, String startsAt,
      String endsAt, String fingerprint) {}

  /**
   * What Lifeboat did with one alert.
   *
   * @param action {@code started}, {@code already-started} (this firing alert has its run),
   *     {@code resolved} (nothing to do), {@code no-route} (no configured route matches) or
   *     {@code refused} (see {@code error})
   */
  public record Outcome(String fingerprint, String action, String runbook, String runId, String error) {}
}
