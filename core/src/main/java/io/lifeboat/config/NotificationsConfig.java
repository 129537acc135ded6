package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Lifeboat's own notifications ({@code notifications:}, optional): named channels and the routes
 * that send events to them by severity and target. Not {@code runbooks.alerts}, which are
 * incoming alerts that start runbooks.
 *
 * <pre>
 * notifications:
 *   channels:
 *     oncall-slack: {type: slack, url: "${SLACK_WEBHOOK_URL}"}
 *     pager: {type: pagerduty, routingKey: "${PAGERDUTY_ROUTING_KEY}"}
 *   routes:
 *     - {severity: [critical], channels: [pager, oncall-slack]}
 *     - {severity: [warning], targets: [orders], channels: [oncall-slack]}
 *   anomaly: {history: 10}
 *   replicationLag: 6 hours
 *   watchEvery: 5 minutes
 * </pre>
 */
public class NotificationsConfig {
  @Valid @NotNull @JsonProperty
  private Map<@jakarta.validation.constraints.Pattern(regexp = "[a-z0-9][a-z0-9_-]*",
      message = "is not a valid channel name: use lowercase letters, digits, '_' and '-'") String,
      @NotNull @Valid NotificationChannelConfig> channels = new LinkedHashMap<>();

  @Valid @NotNull @JsonProperty private List<@NotNull @Valid NotificationRouteConfig> routes = new ArrayList<>();

  @Valid @NotNull @JsonProperty private Anomaly anomaly = new Anomaly();

  /** Optional: an off-site location whose newest copy is further behind a target's newest backup is a warning. */
  @Nullable
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  @JsonProperty
  private Duration replicationLag;

  /** How often the watch checks the scratch disks and the copies' lag between runs. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MINUTES,
      message = "is more often than every minute; set at least 1 minute (default 5 minutes)")
  @JsonProperty
  private Duration watchEvery = Duration.minutes(5);

  public Duration getWatchEvery() {
    return watchEvery;
  }

  public void setWatchEvery(Duration watchEvery) {
    this.watchEvery = watchEvery;
  }

  /** How often the watch runs; null when nothing is routed anywhere, so there is nothing to watch for. */
  @JsonIgnore
  @Nullable
  public java.time.Duration watchInterval() {
    return routes.isEmpty() ? null : watchEvery.toJavaDuration();
  }

  @Nullable
  public Duration getReplicationLag() {
    return replicationLag;
  }

  public void setReplicationLag(@Nullable Duration replicationLag) {
    this.replicationLag = replicationLag;
  }

  /** How a backup is judged unusually slow or unusually sized: against this many of its target's last backups. */
  public static class Anomaly {
    @Min(3) @Max(1000) @JsonProperty private int history = 10;

    public int getHistory() {
      return history;
    }

    public void setHistory(int history) {
      this.history = history;
    }
  }

  // A misspelled channel would silently drop every notification of its route.
  @JsonIgnore
  @ValidationMethod(message = "has a route to a channel not declared under 'notifications.channels:';"
      + " declare it there or correct the route's channel name")
  public boolean isRouteChannelsDeclared() {
    return routes.stream().allMatch(r -> r == null || channels.keySet().containsAll(r.getChannels()));
  }

  public Map<String, NotificationChannelConfig> getChannels() {
    return channels;
  }

  public void setChannels(Map<String, NotificationChannelConfig> channels) {
    this.channels = channels;
  }

  public List<NotificationRouteConfig> getRoutes() {
    return routes;
  }

  public void setRoutes(List<NotificationRouteConfig> routes) {
    this.routes = routes;
  }

  public Anomaly getAnomaly() {
    return anomaly;
  }

  public void setAnomaly(Anomaly anomaly) {
    this.anomaly = anomaly;
  }
}
