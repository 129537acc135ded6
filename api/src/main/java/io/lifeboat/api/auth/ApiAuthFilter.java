package io.lifeboat.api.auth;

import io.lifeboat.api.wire.ApiError;
import io.lifeboat.api.wire.Requester;
import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.config.AuthConfig;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every {@code /api/v1} request by its bearer token and checks the role it needs
 * ({@link AccessRules}). The caller's principal replaces any {@code X-Lifeboat-User} header, so
 * every run records who really asked. With no tokens configured, the API serves anyone with every
 * role (embedded and development use) and says so once in the log. The OpenAPI document and
 * {@code /metrics} stay open.
 */
@Priority(Priorities.AUTHENTICATION)
public final class ApiAuthFilter implements ContainerRequestFilter {
  private static final Logger LOG = LoggerFactory.getLogger(ApiAuthFilter.class);
  private static final String BEARER = "Bearer ";

  private final List<ApiTokenConfig> tokens;
  private final AuditTrail audit;

  public ApiAuthFilter(AuthConfig config, AuditTrail audit) {
    this.tokens = List.copyOf(config.getTokens());
    this.audit = audit;
    if (tokens.isEmpty()) {
      LOG.warn("no API tokens configured (auth.tokens): the API serves anyone with every role, naming callers by "
          + "their {} header; configure tokens for anything but embedded or development use", Requester.HEADER);
    } else {
      LOG.info("API tokens configured for {}", tokens.stream().map(ApiTokenConfig::getPrincipal).toList());
    }
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = "/" + request.getUriInfo().getPath();
    if (!path.startsWith("/api/v1/") || path.equals("/api/v1/openapi.yaml")) {
      return;
    }
    Caller caller;
    if (tokens.isEmpty()) {
      String named = request.getHeaderString(Requester.HEADER);
      caller = Caller.unauthenticated(named == null || named.isBlank() ? Requester.ANONYMOUS : named);
    } else {
      ApiTokenConfig token = tokenOf(request.getHeaderString(HttpHeaders.AUTHORIZATION));
      if (token == null) {
        request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
            .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lifeboat\"")
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(ApiError.of("a valid API token is needed", null,
                "send Authorization: Bearer <token> (the CLI: --token or $LIFEBOAT_TOKEN)"))
            .build());
        return;
      }
      caller = new Caller(token.getPrincipal(), Set.copyOf(token.getRoles()), true);
      request.getHeaders().putSingle(Requester.HEADER, caller.name());
    }
    String role = AccessRules.requiredRole(request.getMethod(), path);
    if (!caller.may(role)) {
      audit.record(caller.name(), request.getMethod() + " " + path, null, null, null, null, "FORBIDDEN",
          "needs role " + role);
      request.abortWith(Response.status(Response.Status.FORBIDDEN)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(ApiError.of(caller.describe() + " may not " + request.getMethod() + " " + path
              + ": it needs the " + role + " role", null, "ask for a token with the " + role + " role"))
          .build());
      return;
    }
    SecurityContext original = request.getSecurityContext();
    request.setSecurityContext(new SecurityContext() {
      @Override
      public Principal getUserPrincipal() {
        return caller;
      }

      @Override
      public boolean isUserInRole(String r) {
        return caller.may(r);
      }

      @Override
      public boolean isSecure() {
        return original != null && original.isSecure();
      }

      @Override
      public String getAuthenticationScheme() {
        return caller.authenticated() ? "Bearer" : null;
      }
    });
  }

  /** Whether {@code authorization} (an {@code Authorization} header) carries one of the configured tokens. */
  public boolean knows(String authorization) {
    return tokenOf(authorization) != null;
  }

  /** Compares against every token in constant time, so timing does not reveal a prefix. */
  private ApiTokenConfig tokenOf(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    byte[] offered = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
    ApiTokenConfig found = null;
    for (ApiTokenConfig token : tokens) {
      if (MessageDigest.isEqual(offered, token.getToken().getBytes(StandardCharsets.UTF_8))) {
        found = token;
      }
    }
    return found;
  }
}
