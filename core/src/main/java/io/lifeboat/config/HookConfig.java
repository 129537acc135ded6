package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One hook: a command, an HTTP call or SQL on the target's PostgreSQL, stopped after {@code
 * timeout}. Only the worker reads it: workflow histories name the target and the hook, never
 * what it runs, so arguments, URLs and headers may hold secrets.
 */
public class HookConfig {
  /** A program and its arguments, run without a shell, with a minimal environment (not the worker's). */
  @Nullable
  @Size(min = 1, message = "must name a program, then its arguments")
  @JsonProperty
  private List<@NotBlank(message = "must not be blank") String> command;

  /**
   * Variables a command gets besides PATH, HOME, the locale and LIFEBOAT_TARGET/LIFEBOAT_HOOK: the
   * only way anything of the worker's environment reaches it ({@code PAUSE_TOKEN: ${PAUSE_TOKEN}}).
   */
  @NotNull
  @JsonProperty
  private Map<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "must be a variable name (letters, digits, _)")
      String, @NotNull String> environment = new LinkedHashMap<>();

  @Valid @Nullable @JsonProperty private Http http;

  /** Run on the target's own database (a postgres target) or its {@code postgres} database (a cluster). */
  @Nullable
  @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
  @JsonProperty
  private String sql;

  // The workflow gives a hook's activity two hours at most (ActivityDefaults.hooks()).
  @NotNull
  @MinDuration(value = 0, unit = TimeUnit.SECONDS, inclusive = false, message = "must be longer than zero")
  @MaxDuration(value = 1, unit = TimeUnit.HOURS, message = "must be at most 1 hour")
  @JsonProperty
  private Duration timeout = Duration.seconds(60);

  @JsonIgnore
  @ValidationMethod(message = "must have exactly one of command, http or sql")
  public boolean isOneAction() {
    return Stream.of(command, http, sql).filter(Objects::nonNull).count() == 1;
  }

  @Nullable
  public List<String> getCommand() {
    return command;
  }

  public void setCommand(@Nullable List<String> command) {
    this.command = command;
  }

  public Map<String, String> getEnvironment() {
    return environment;
  }

  public void setEnvironment(Map<String, String> environment) {
    this.environment = environment;
  }

  @Nullable
  public Http getHttp() {
    return http;
  }

  public void setHttp(@Nullable Http http) {
    this.http = http;
  }

  @Nullable
  public String getSql() {
    return sql;
  }

  public void setSql(@Nullable String sql) {
    this.sql = sql;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  /** An HTTP request that succeeds when it is answered with {@code expectStatus}. */
  public static class Http {
    @NotNull
    @Pattern(regexp = "GET|POST|PUT|PATCH|DELETE", message = "must be one of GET, POST, PUT, PATCH, DELETE")
    @JsonProperty
    private String method = "POST";

    @NotNull
    @Pattern(regexp = "https?://[^\\s/]+(/\\S*)?", message = "must be an http:// or https:// URL")
    @JsonProperty
    private String url;

    @Min(100) @Max(599) @JsonProperty private int expectStatus = 200;

    /** Sent with the request, e.g. {@code Authorization: "Bearer ${PAUSE_TOKEN}"}. */
    @NotNull @JsonProperty private Map<@NotEmpty String, @NotNull String> headers = new LinkedHashMap<>();

    @JsonIgnore
    @ValidationMethod(message = "url is not a valid URL; percent-encode spaces and special characters")
    public boolean isUrlParsable() {
      if (url == null) {
        return true;
      }
      try {
        URI parsed = new URI(url);
        return parsed.getHost() != null || !url.matches("https?://.*");
      } catch (URISyntaxException e) {
        return false;
      }
    }

    public String getMethod() {
      return method;
    }

    public void setMethod(String method) {
      this.method = method;
    }

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public int getExpectStatus() {
      return expectStatus;
    }

    public void setExpectStatus(int expectStatus) {
      this.expectStatus = expectStatus;
    }

    public Map<String, String> getHeaders() {
      return headers;
    }

    public void setHeaders(Map<String, String> headers) {
      this.headers = headers;
    }
  }
}
