package io.lifeboat.api.auth;

import io.lifeboat.api.wire.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import java.security.Principal;

/**
 * Every request refused with 401 or 403 leaves an audit entry: who (when known), the method and
 * the path as sent (so {@code ;x=1} or {@code %2F} tries show), why, and from which address. A
 * refused signal also keeps its own entry, written by the handler that refused it.
 */
public final class RefusalAudit implements ContainerResponseFilter {
  public static final String UNAUTHORIZED = "UNAUTHORIZED";
  public static final String FORBIDDEN = "FORBIDDEN";

  private final AuditTrail audit;

  @Context private HttpServletRequest servlet;

  public RefusalAudit(AuditTrail audit) {
    this.audit = audit;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    int status = response.getStatus();
    if (status != 401 && status != 403) {
      return;
    }
    Principal principal = request.getSecurityContext() == null ? null : request.getSecurityContext().getUserPrincipal();
    String who = principal instanceof Caller caller ? caller.name() : "unknown";
    String why = response.getEntity() instanceof ApiError error ? error.error() : "HTTP " + status;
    String from = servlet == null ? "" : " (from " + servlet.getRemoteAddr() + ")";
    audit.record(who, request.getMethod() + " " + request.getUriInfo().getRequestUri().getRawPath(), null, null, null,
        null, status == 401 ? UNAUTHORIZED : FORBIDDEN, why + from);
  }
}
