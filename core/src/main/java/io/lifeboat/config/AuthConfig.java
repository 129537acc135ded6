package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may call the API. With no tokens, the API serves anyone (embedded, dev) and says so in its
 * log; with tokens, every call to {@code /api/v1} needs one ({@code Authorization: Bearer ...}).
 */
public class AuthConfig {
  @Valid @NotNull @JsonProperty private List<@NotNull ApiTokenConfig> tokens = new ArrayList<>();

  public boolean enabled() {
    return !tokens.isEmpty();
  }

  public List<ApiTokenConfig> getTokens() {
    return tokens;
  }

  public void setTokens(List<ApiTokenConfig> tokens) {
    this.tokens = tokens;
  }
}
