package io.lifeboat.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.testing.FakeWorker;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard's page and files are served without a token (they hold no data), under a policy
 * that lets them load nothing from elsewhere; its data calls are held to the tokens like any
 * other; a file it does not have is one line of error, and nothing else of the jar is reachable.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DashboardPageTest {
  private static final EmbeddedPostgresFixture.Database CATALOG = EmbeddedPostgresFixture.newDatabase();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP = new DropwizardAppExtension<>(
      LifeboatApplication.class,
      ResourceHelpers.resourceFilePath("lifeboat-auth-test.yml"),
      ConfigOverride.config("catalog.url", CATALOG.jdbcUrl()),
      ConfigOverride.config("temporal.target", FakeWorker.get().target()),
      ConfigOverride.config("runbooks.folder", ResourceHelpers.resourceFilePath("runbooks")));
  private static final String VIEWER = "viewer-token-0123456789";

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePageAndItsFilesAreServedToAnyoneAndLoadNothingFromElsewhere() throws Exception {
    for (String path : new String[] {"/dashboard", "/dashboard/", "/dashboard/index.html"}) {
      HttpResponse<String> page = get(path, null);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type").orElseThrow()).as(path).startsWith("text/html");
      assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).as(path)
          .startsWith("default-src 'self'");
      assertThat(page.body()).as(path).contains("<script type=\"module\" src=\"/dashboard/app.js\">")
          .doesNotContain("http://", "https://");
    }
    HttpResponse<String> script = get("/dashboard/app.js", null);
    HttpResponse<String> style = get("/dashboard/style.css", null);

    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
    // The SVG namespace is a name, not a place anything is loaded from.
    assertThat(script.body().replace("'http://www.w3.org/2000/svg'", "")).contains("Authorization")
        .doesNotContain("http://", "https://");
    assertThat(style.statusCode()).isEqualTo(200);
    assertThat(style.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
  }

  @Test
  void aFileTheDashboardDoesNotHaveIsOneLineAndNothingElseOfTheJarIsReachable() throws Exception {
    for (String path : new String[] {"/dashboard/secret.yml", "/dashboard/..%2Fopenapi.yaml",
        "/dashboard/%2E%2E/openapi.yaml", "/dashboard/index.html%00.js"}) {
      HttpResponse<String> refused = get(path, null);
      assertThat(refused.statusCode()).as(path).isIn(400, 404);
      assertThat(refused.body()).as(path).doesNotContain("openapi: 3");
    }
    HttpResponse<String> unknown = get("/dashboard/secret.yml", null);
    assertThat(unknown.body()).contains("\"error\":\"the dashboard has no file 'secret.yml'\"", "open /dashboard/")
        .doesNotContain("\n");
  }

  @Test
  void thePageLearnsThatItNeedsATokenAndOnlyAViewerLearnsWhereTheWebUiIs() throws Exception {
    HttpResponse<String> login = get("/api/v1/dashboard/login", null);
    HttpResponse<String> anonymous = get("/api/v1/dashboard/temporal", null);
    HttpResponse<String> viewer = get("/api/v1/dashboard/temporal", VIEWER);

    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).isEqualTo("{\"tokensRequired\":true}");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(viewer.statusCode()).isEqualTo(200);
    assertThat(viewer.body()).contains("\"namespace\":\"" + APP.getConfiguration().getTemporal().getNamespace() + "\"");
  }
}
