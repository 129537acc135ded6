package io.lifeboat.api.dashboard;

import io.lifeboat.api.auth.Requires;
import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.config.TemporalConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * What the dashboard needs to know beyond the catalog: whether to ask for a token (answered to
 * anyone, so the page can ask before its first call instead of collecting a refusal), and where
 * the Temporal web UI shows a run (answered to viewers only).
 */
@Path("/api/v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public final class DashboardResource {
  /** @param tokensRequired whether calls need {@code Authorization: Bearer <token>} */
  public record Login(boolean tokensRequired) {}

  /**
   * @param webUi the Temporal web UI's origin (the first of {@code temporal.webUiOrigins}); null without one
   * @param namespace the Temporal namespace Lifeboat's runs are in
   */
  public record TemporalLinks(String webUi, String namespace) {}

  private final Login login;
  private final TemporalLinks links;

  public DashboardResource(boolean tokensRequired, TemporalConfig temporal) {
    this.login = new Login(tokensRequired);
    this.links = new TemporalLinks(temporal.getWebUiOrigins().isEmpty() ? null : temporal.getWebUiOrigins().get(0),
        temporal.getNamespace());
  }

  @GET
  @Requires(Requires.ANYONE)
  @Path("/login")
  public Login login() {
    return login;
  }

  @GET
  @Requires(ApiTokenConfig.VIEWER)
  @Path("/temporal")
  public TemporalLinks temporal() {
    return links;
  }
}
