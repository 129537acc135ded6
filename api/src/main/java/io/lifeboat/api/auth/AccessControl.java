package io.lifeboat.api.auth;

import io.lifeboat.api.wire.ApiError;
import io.lifeboat.api.wire.Requester;
import io.lifeboat.config.ApiTokenConfig;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call which resource method, decided on the method Jersey matched (its {@link Requires})
 * and its bound {@code {target}} parameter, never on the spelling of the path. Authenticates the
 * caller by bearer token (401 without a valid one); the caller's principal replaces any
 * {@code X-Lifeboat-User} header, so every run records who really asked. With no tokens configured
 * (only allowed on loopback, see {@link OpenAccess}) everyone has every role and that header names
 * them. Refusals are audited by {@link RefusalAudit}.
 */
public final class AccessControl implements DynamicFeature {
  private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);
  private static final Set<String> RULES = Set.of(Requires.ANYONE, ApiTokenConfig.VIEWER, ApiTokenConfig.OPERATOR,
      ApiTokenConfig.APPROVER, ApiTokenConfig.ADMIN);
  private static final String BEARER = "Bearer ";

  private final ApiTokens tokens;

  public AccessControl(ApiTokens tokens) {
    this.tokens = tokens;
    if (tokens.none()) {
      LOG.warn("no API tokens configured (auth.tokens): the API, listening on loopback only, serves anyone on this"
          + " machine with every role, naming callers by their {} header", Requester.HEADER);
    }
  }

  /** The rule of a resource method, or null when it has none (or an unknown role): then nobody may call it. */
  public static Requires ruleOf(Method method) {
    Requires rule = method.getAnnotation(Requires.class);
    return rule != null && RULES.contains(rule.value()) ? rule : null;
  }

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    Method method = resource.getResourceMethod();
    if (method == null) {
      return; // Jersey's own answer to OPTIONS, which lists the allowed methods and runs nothing
    }
    Requires rule = ruleOf(method);
    if (rule == null && method.getDeclaringClass().getName().startsWith("io.lifeboat.")) {
      LOG.error("{}.{} declares no valid @Requires: it is refused to every caller", method.getDeclaringClass()
          .getSimpleName(), method.getName());
    }
    context.register(new Check(rule, method.getDeclaringClass().getSimpleName() + "." + method.getName()));
  }

  @Priority(Priorities.AUTHENTICATION)
  private final class Check implements ContainerRequestFilter {
    private final Requires rule;
    private final String method;

    Check(Requires rule, String method) {
      this.rule = rule;
      this.method = method;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      if (rule != null && rule.value().equals(Requires.ANYONE)) {
        return;
      }
      Caller caller = authenticate(request);
      if (caller == null) {
        request.abortWith(refusal(Response.Status.UNAUTHORIZED, "a valid API token is needed",
            "send Authorization: Bearer <token> (the CLI: --token or $LIFEBOAT_TOKEN)")
            .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lifeboat\"").build());
        return;
      }
      setCaller(request, caller);
      String action = request.getMethod() + " " + request.getUriInfo().getRequestUri().getRawPath();
      if (rule == null) {
        request.abortWith(refusal(Response.Status.FORBIDDEN, method + " declares no access rule, so nobody may call it",
            "report this as a bug in Lifeboat").build());
      } else if (!caller.may(rule.value())) {
        request.abortWith(refusal(Response.Status.FORBIDDEN, caller.describe() + " may not " + action + ": it needs the "
            + rule.value() + " role", "ask for a token with the " + rule.value() + " role").build());
      } else if (caller.limited() && changes()) {
        String refused = outOfScope(request, caller, action);
        if (refused != null) {
          request.abortWith(refusal(Response.Status.FORBIDDEN, refused,
              "ask for a token without targets, or for one that names this target").build());
        }
      }
    }

    /** Reads are never limited to targets. */
    private boolean changes() {
      return !rule.value().equals(ApiTokenConfig.VIEWER);
    }

    private String outOfScope(ContainerRequestContext request, Caller caller, String action) {
      String limits = String.join(", ", caller.targets().stream().sorted().toList());
      return switch (rule.scope()) {
        case ALL_TARGETS -> caller.name() + " may act only on " + limits + ", and " + action
            + " can reach any target";
        case PATH_TARGET -> {
          String target = request.getUriInfo().getPathParameters().getFirst("target");
          yield target != null && caller.targets().contains(target) ? null
              : caller.name() + " may act only on " + limits + ", not on target '" + target + "'";
        }
        case CHECKED_BY_METHOD -> null;
      };
    }
  }

  private Caller authenticate(ContainerRequestContext request) {
    if (tokens.none()) {
      String named = request.getHeaderString(Requester.HEADER);
      return Caller.unauthenticated(named == null || named.isBlank() ? Requester.ANONYMOUS : named);
    }
    String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return tokens.find(authorization.substring(BEARER.length()).strip());
  }

  private static void setCaller(ContainerRequestContext request, Caller caller) {
    request.getHeaders().putSingle(Requester.HEADER, caller.name());
    SecurityContext original = request.getSecurityContext();
    request.setSecurityContext(new SecurityContext() {
      @Override
      public Principal getUserPrincipal() {
        return caller;
      }

      @Override
      public boolean isUserInRole(String role) {
        return caller.may(role);
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

  private static Response.ResponseBuilder refusal(Response.Status status, String error, String hint) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ApiError.of(error, null, hint));
  }
}
