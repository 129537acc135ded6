package io.lifeboat.api.codec;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who may have payloads decoded. The Temporal web UI calls the codec endpoint from the browser; a
 * UI that passes a token ({@code codec.passAccessToken}) gets the API's own authentication: the
 * token must be one of {@code auth.tokens}. A UI that passes none (the dev server's) is served only
 * while the API listens on loopback alone, where only this machine's users can reach it. Browsers
 * are further held to the UI's origins ({@code temporal.webUiOrigins}), so another site open in
 * the same browser cannot read decoded payloads.
 */
public final class CodecAccess {
  private final boolean loopbackOnly;
  private final boolean tokensConfigured;
  private final Predicate<String> knownToken;
  private final Set<String> origins;

  public CodecAccess(boolean loopbackOnly, boolean tokensConfigured, Predicate<String> knownToken,
      List<String> origins) {
    this.loopbackOnly = loopbackOnly;
    this.tokensConfigured = tokensConfigured;
    this.knownToken = knownToken;
    this.origins = Set.copyOf(origins.stream().map(CodecAccess::withoutTrailingSlash).toList());
  }

  /** Why {@code authorization} (the request's header, or null) may not use the codec; empty when it may. */
  public Optional<String> refusal(String authorization) {
    // with tokens configured, a token it is: a proxy in front of a loopback API must not make decoding open
    if (tokensConfigured) {
      return knownToken.test(authorization) ? Optional.empty()
          : Optional.of("the codec endpoint needs one of the API's tokens (auth.tokens); configure the web UI "
              + "to pass a Lifeboat API token (codec.passAccessToken)");
    }
    return loopbackOnly ? Optional.empty()
        : Optional.of("the codec endpoint needs an API token when the API listens beyond loopback; configure the "
            + "web UI to pass one (codec.passAccessToken) or bind the API to 127.0.0.1");
  }

  /** Whether a browser page of {@code origin} may call the codec endpoint. */
  public boolean allows(String origin) {
    return origins.contains(withoutTrailingSlash(origin));
  }

  private static String withoutTrailingSlash(String origin) {
    return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
  }
}
