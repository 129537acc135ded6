package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may call the API. With tokens, every call to {@code /api/v1} needs one
 * ({@code Authorization: Bearer ...}); with none, the API serves anyone with every role and so
 * refuses to start unless every connector of {@code server:} listens on loopback only.
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
