package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/**
 * One route: events of these severities (of these targets, or of any when {@code targets} is
 * absent) go to these channels. Routine success ({@code info}) is sent only by a route that names it.
 */
public class NotificationRouteConfig {
  @NotEmpty @JsonProperty
  private List<@NotNull NotificationSeverity> severity =
      new ArrayList<>(List.of(NotificationSeverity.CRITICAL, NotificationSeverity.WARNING));

  @Nullable @JsonProperty private List<@NotNull String> targets;

  @NotEmpty @JsonProperty private List<@NotNull String> channels = new ArrayList<>();

  /** Whether an event of {@code target} (null: not about one target) with this severity takes this route. */
  public boolean takes(NotificationSeverity eventSeverity, @Nullable String target) {
    return severity.contains(eventSeverity) && (targets == null || (target != null && targets.contains(target)));
  }

  public List<NotificationSeverity> getSeverity() {
    return severity;
  }

  public void setSeverity(List<NotificationSeverity> severity) {
    this.severity = severity;
  }

  @Nullable
  public List<String> getTargets() {
    return targets;
  }

  public void setTargets(List<String> targets) {
    this.targets = targets;
  }

  public List<String> getChannels() {
    return channels;
  }

  public void setChannels(List<String> channels) {
    this.channels = channels;
  }
}
