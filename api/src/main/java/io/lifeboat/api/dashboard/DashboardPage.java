package io.lifeboat.api.dashboard;

import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.errors.ApiProblem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Lifeboat's dashboard: three static files from the jar, served to anyone. The page holds no
 * data; every call it makes for data carries the token the operator typed, and is checked like
 * any other API call. Only the files named here are served, so no path reaches anything else on
 * the classpath. The content security policy lets the page load nothing but itself and this API.
 */
@Path("/dashboard")
public final class DashboardPage {
  static final String FOLDER = "/io/lifeboat/api/dashboard/";
  static final String POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none';"
      + " form-action 'none'";
  private static final Map<String, String> TYPES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "app.js", "text/javascript; charset=utf-8",
      "style.css", "text/css; charset=utf-8");

  private final Map<String, byte[]> files;

  public DashboardPage() {
    files = Map.of("index.html", read("index.html"), "app.js", read("app.js"), "style.css", read("style.css"));
  }

  @GET
  @Requires(Requires.ANYONE)
  public Response page() {
    return file("index.html");
  }

  @GET
  @Requires(Requires.ANYONE)
  @Path("/{file}")
  public Response asset(@PathParam("file") String file) {
    if (!files.containsKey(file)) {
      throw ApiProblem.notFound("file", "the dashboard has no file '" + file + "'", "open /dashboard/");
    }
    return file(file);
  }

  private Response file(String name) {
    return Response.ok(files.get(name), TYPES.get(name))
        .header("Cache-Control", "no-cache")
        .header("Content-Security-Policy", POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .build();
  }

  private static byte[] read(String name) {
    try (InputStream in = DashboardPage.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException(FOLDER + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
