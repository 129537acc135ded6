package io.lifeboat.api.resources;

import io.lifeboat.api.auth.Requires;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.NotificationFailure;
import io.lifeboat.config.ApiTokenConfig;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Lifeboat's own notifications that are not getting through: a channel that cannot be reached
 * never fails a run, so this (and the dashboard's banner over it) is where it shows. Errors name
 * the channel, never its URL or any secret.
 */
@Path("/api/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
public final class NotificationsResource {
  /** Failures older than this are no news: the channel has had a day to be noticed and fixed. */
  static final Duration RECENT = Duration.ofDays(1);

  private final Catalog catalog;
  private final Clock clock;

  public NotificationsResource(Catalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  /** Deliveries that failed in the last day and have not succeeded since, latest failure first. */
  @GET
  @Requires(ApiTokenConfig.VIEWER)
  @Path("/failures")
  public List<NotificationFailure> failures(@QueryParam("limit") @DefaultValue(ListLimit.DEFAULT) String limit) {
    return catalog.notificationFailures(clock.instant().minus(RECENT), ListLimit.parse(limit));
  }
}
