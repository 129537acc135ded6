package io.lifeboat.api.auth;

import io.lifeboat.config.ApiTokenConfig;
import java.security.Principal;
import java.util.Set;

/**
 * Who calls the API: the principal of their token and its roles. Without configured tokens every
 * caller is {@link #unauthenticated} with every role, named by the {@code X-Lifeboat-User} header.
 */
public record Caller(String name, Set<String> roles, boolean authenticated) implements Principal {
  public static final Set<String> ALL_ROLES =
      Set.of(ApiTokenConfig.VIEWER, ApiTokenConfig.OPERATOR, ApiTokenConfig.APPROVER);

  public static Caller unauthenticated(String name) {
    return new Caller(name, ALL_ROLES, false);
  }

  @Override
  public String getName() {
    return name;
  }

  /** Every role may read; {@code viewer} may do nothing else. */
  public boolean may(String role) {
    return role.equals(ApiTokenConfig.VIEWER) ? !roles.isEmpty() : roles.contains(role);
  }

  public String describe() {
    return name + " (" + String.join(", ", roles.stream().sorted().toList()) + ")";
  }
}
