package io.lifeboat.api.auth;

import io.lifeboat.api.wire.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import java.security.Principal;
import java.time.Clock;

/**
 * Every request refused with 401 or 403 leaves an audit entry: who (when known), the method and
 * the path as sent (so {@code ;x=1} or {@code %2F} tries show), why, and from which address. A
 * refused signal also keeps its own entry, written by the handler that refused it. Past
 * {@link RefusalLimit#PER_MINUTE} a minute from one address for one reason, the rest are summed
 * up in one entry when the minute is over (each is still counted in
 * {@code lifeboat_requests_rejected_total}).
 */
public final class RefusalAudit implements ContainerResponseFilter {
  public static final String UNAUTHORIZED = "UNAUTHORIZED";
  public static final String FORBIDDEN = "FORBIDDEN";
  /** The action of an entry that sums up refusals past the limit. */
  public static final String REFUSALS = "refusals";

  private final AuditTrail audit;
  private final RefusalLimit<Refusal> limit;

  @Context private HttpServletRequest servlet;

  public RefusalAudit(AuditTrail audit) {
    this(audit, new RefusalLimit<>(RefusalLimit.PER_MINUTE, Clock.systemUTC()));
  }

  public RefusalAudit(AuditTrail audit, RefusalLimit<Refusal> limit) {
    this.audit = audit;
    this.limit = limit;
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
    String address = servlet == null ? "an unknown address" : servlet.getRemoteAddr();
    refused(new Refusal(address, who, status == 401 ? UNAUTHORIZED : FORBIDDEN, why),
        request.getMethod() + " " + request.getUriInfo().getRequestUri().getRawPath());
  }

  /** Records one refusal, or only counts it past the limit. */
  void refused(Refusal refusal, String action) {
    RefusalLimit.Admission<Refusal> admission = limit.admit(refusal);
    admission.closed().forEach(this::recordSummary);
    if (admission.record()) {
      audit.record(refusal.principal(), action, null, null, null, null, refusal.outcome(),
          refusal.why() + " (from " + refusal.address() + ")");
    }
  }

  /** Writes the summaries of minutes that are over; called every few seconds, so none waits for a next refusal. */
  public void flush() {
    limit.closeEnded().forEach(this::recordSummary);
  }

  private void recordSummary(RefusalLimit.Summary<Refusal> summary) {
    Refusal refusal = summary.kind();
    audit.record(refusal.principal(), REFUSALS, null, null, null, null, refusal.outcome(), "... and " + summary.more()
        + " more refusals from " + refusal.address() + " in the last minute (from " + summary.from() + "): "
        + refusal.why() + "; counted, not recorded one by one");
  }

  /** Refusals alike: limited together. */
  public record Refusal(String address, String principal, String outcome, String why) {}
}
