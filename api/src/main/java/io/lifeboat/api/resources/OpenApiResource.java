package io.lifeboat.api.resources;

import io.lifeboat.api.auth.Requires;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The hand-written OpenAPI 3.0 description of this API, as shipped in the jar. */
@Path("/api/v1/openapi.yaml")
public final class OpenApiResource {
  static final String LOCATION = "/io/lifeboat/api/openapi.yaml";

  private final String document;

  public OpenApiResource() {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(LOCATION)) {
      if (in == null) {
        throw new IllegalStateException(LOCATION + " is missing from the jar");
      }
      document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GET
  @Requires(Requires.ANYONE)
  @Produces("application/yaml")
  public String document() {
    return document;
  }
}
