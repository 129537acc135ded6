package io.lifeboat.api.auth;

import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.config.AuthConfig;
import java.security.MessageDigest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured API tokens, kept as their SHA-256 only. An offered token is hashed and compared
 * with every configured hash in constant time, so neither the answer's timing nor an early exit
 * tells how much of a guess was right.
 */
public final class ApiTokens {
  private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);

  private record Known(byte[] sha256, Caller caller) {}

  private final List<Known> known;

  public ApiTokens(AuthConfig config) {
    this.known = config.getTokens().stream()
        .map(t -> new Known(t.sha256(), new Caller(t.getPrincipal(), t.getRoles(), true, t.getTargets())))
        .toList();
    config.getTokens().stream().filter(ApiTokenConfig::isPlaintext).forEach(t -> LOG.warn(
        "the token of {} is written in plaintext in the configuration; give its tokenSha256 instead"
            + " (printed by `lifeboat token hash`)", t.getPrincipal()));
  }

  public boolean none() {
    return known.isEmpty();
  }

  /** Whether an {@code Authorization} header carries one of the configured tokens (the codec endpoint asks). */
  public boolean knows(String authorization) {
    String bearer = "Bearer ";
    return authorization != null && authorization.regionMatches(true, 0, bearer, 0, bearer.length())
        && find(authorization.substring(bearer.length()).strip()) != null;
  }

  /** The caller holding {@code offered}, or null. */
  public Caller find(String offered) {
    byte[] hash = ApiTokenConfig.sha256(offered);
    Caller found = null;
    for (Known token : known) {
      if (MessageDigest.isEqual(hash, token.sha256()) && found == null) {
        found = token.caller();
      }
    }
    return found;
  }
}
