package io.lifeboat.api.auth;

import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.config.ApiTokenConfig;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Set;

/**
 * Who calls the API: the principal of their token, its roles and the targets it is limited to
 * (none: every target). Without configured tokens (loopback only) every caller is
 * {@link #unauthenticated} with every role, named by the {@code X-Lifeboat-User} header.
 */
public record Caller(String name, Set<String> roles, boolean authenticated, Set<String> targets)
    implements Principal {
  public static final Set<String> ALL_ROLES =
      Set.of(ApiTokenConfig.VIEWER, ApiTokenConfig.OPERATOR, ApiTokenConfig.APPROVER, ApiTokenConfig.ADMIN);

  public Caller {
    roles = Set.copyOf(roles);
    targets = targets == null ? Set.of() : Set.copyOf(targets);
  }

  public Caller(String name, Set<String> roles, boolean authenticated) {
    this(name, roles, authenticated, Set.of());
  }

  public static Caller unauthenticated(String name) {
    return new Caller(name, ALL_ROLES, false, Set.of());
  }

  /** The caller {@link AccessControl} put on the request. */
  public static Caller of(SecurityContext security) {
    return (Caller) security.getUserPrincipal();
  }

  @Override
  public String getName() {
    return name;
  }

  /** Every role may read; {@code admin} holds every role; otherwise the role itself is needed. */
  public boolean may(String role) {
    if (role.equals(Requires.ANYONE)) {
      return true;
    }
    if (role.equals(ApiTokenConfig.VIEWER)) {
      return !roles.isEmpty();
    }
    return roles.contains(ApiTokenConfig.ADMIN) || roles.contains(role);
  }

  /** Whether this caller's token is limited to some targets. */
  public boolean limited() {
    return !targets.isEmpty();
  }

  /**
   * Refuses (403) a change to {@code target} by a token limited to other targets.
   *
   * @throws ApiProblem 403 naming the targets the token may act on
   */
  public void requireTarget(String target) {
    if (limited() && (target == null || !targets.contains(target))) {
      throw ApiProblem.forbidden("target", name + " may act only on " + String.join(", ", targets.stream().sorted()
          .toList()) + (target == null ? ", and this request names no target" : ", not on target '" + target + "'"),
          "name one of those targets, or ask for a token without targets");
    }
  }

  public String describe() {
    return name + " (" + String.join(", ", roles.stream().sorted().toList()) + ")";
  }
}
