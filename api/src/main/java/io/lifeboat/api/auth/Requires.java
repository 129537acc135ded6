package io.lifeboat.api.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role a resource method needs, declared on the method itself: {@link AccessControl} reads it
 * from the method Jersey matched, so no spelling of the path ({@code ;x=1}, {@code %2F}, {@code //},
 * a trailing slash, upper case) can reach a method under a weaker rule. A resource method without
 * one is refused to everyone.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requires {
  /** No token needed: the OpenAPI document and the Prometheus scrape. */
  String ANYONE = "anyone";

  /** {@link #ANYONE} or one of {@code ApiTokenConfig}'s roles: viewer, operator, approver, admin. */
  String value();

  /** How a token limited to some targets is held to them here; reads are never limited. */
  Scope scope() default Scope.ALL_TARGETS;

  enum Scope {
    /** The method may reach any target (runbooks, alerts): only a token without {@code targets} may call it. */
    ALL_TARGETS,
    /** The {@code {target}} path parameter names the one target it acts on. */
    PATH_TARGET,
    /** The method finds its target (in the body, or the backup's) and calls {@link Caller#requireTarget}. */
    CHECKED_BY_METHOD
  }
}
