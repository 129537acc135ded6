package io.lifeboat.api.resources;

import io.lifeboat.api.wire.RunReference;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The answer to a start: 202 Accepted, the run reference, and the run's URL as Location. */
final class Started {
  private Started() {}

  static Response accepted(RunReference run) {
    return Response.accepted(run).location(URI.create(run.statusUrl())).build();
  }
}
