package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Lifeboat's own notifications go, by {@code type}. Secrets (URLs with tokens, routing
 * keys, SMTP passwords) come from the environment with {@code ${VAR}}, never the file itself.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = NotificationChannelConfig.Webhook.class, name = "webhook"),
  @JsonSubTypes.Type(value = NotificationChannelConfig.Slack.class, name = "slack"),
  @JsonSubTypes.Type(value = NotificationChannelConfig.Email.class, name = "email"),
  @JsonSubTypes.Type(value = NotificationChannelConfig.PagerDuty.class, name = "pagerduty"),
  @JsonSubTypes.Type(value = NotificationChannelConfig.Alertmanager.class, name = "alertmanager")
})
public abstract sealed class NotificationChannelConfig {
  static final String URL = "^https?://[^\\s/]+(/\\S*)?$";
  static final String URL_MESSAGE = "is not an http(s) URL; expected e.g. https://hooks.example.com/lifeboat";

  /** A JSON POST of the event as Lifeboat names its fields. */
  public static final class Webhook extends NotificationChannelConfig {
    @NotNull @Pattern(regexp = URL, message = URL_MESSAGE) @JsonProperty private String url;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }
  }

  /** A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat): {@code {"text": ...}}. */
  public static final class Slack extends NotificationChannelConfig {
    @NotNull @Pattern(regexp = URL, message = URL_MESSAGE) @JsonProperty private String url;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }
  }

  /** Mail over SMTP; {@code starttls} upgrades the connection before the password is sent. */
  public static final class Email extends NotificationChannelConfig {
    @NotBlank @JsonProperty private String host;

    @Min(1) @Max(65535) @JsonProperty private int port = 587;

    @NotBlank @JsonProperty private String from;

    @NotEmpty @JsonProperty private List<@NotBlank String> to = new ArrayList<>();

    @JsonProperty private boolean starttls = true;

    @Nullable @JsonProperty private String user;

    @Nullable @JsonProperty private String password;

    public String getHost() {
      return host;
    }

    public void setHost(String host) {
      this.host = host;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public String getFrom() {
      return from;
    }

    public void setFrom(String from) {
      this.from = from;
    }

    public List<String> getTo() {
      return to;
    }

    public void setTo(List<String> to) {
      this.to = to;
    }

    public boolean isStarttls() {
      return starttls;
    }

    public void setStarttls(boolean starttls) {
      this.starttls = starttls;
    }

    @Nullable
    public String getUser() {
      return user;
    }

    public void setUser(String user) {
      this.user = user;
    }

    @Nullable
    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }
  }

  /** PagerDuty's Events API v2 or a service that speaks it. */
  public static final class PagerDuty extends NotificationChannelConfig {
    @NotNull @Pattern(regexp = URL, message = URL_MESSAGE) @JsonProperty
    private String url = "https://events.pagerduty.com/v2/enqueue";

    @NotBlank @JsonProperty private String routingKey;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getRoutingKey() {
      return routingKey;
    }

    public void setRoutingKey(String routingKey) {
      this.routingKey = routingKey;
    }
  }

  /** An Alertmanager (its {@code /api/v2/alerts}); it groups, silences and routes on from there. */
  public static final class Alertmanager extends NotificationChannelConfig {
    @NotNull @Pattern(regexp = URL, message = URL_MESSAGE) @JsonProperty private String url;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }
  }
}
