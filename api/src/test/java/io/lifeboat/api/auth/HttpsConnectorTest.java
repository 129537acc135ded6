package io.lifeboat.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.testing.FakeWorker;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over HTTPS with Dropwizard's https connector, as docs/security.md configures it: a key
 * store made by keytool here, a client that trusts its certificate, and plain HTTP refused.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HttpsConnectorTest {
  private static final EmbeddedPostgresFixture.Database CATALOG = EmbeddedPostgresFixture.newDatabase();
  private static final String PASSWORD = "changeit-for-test";

  @TempDir Path directory;

  @Test
  void servesOverTlsWithAKeyStoreMadeByKeytool() throws Exception {
    Path keyStore = directory.resolve("api.p12");
    Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "lifeboat-api", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor()).as(output).isZero();

    DropwizardTestSupport<LifeboatConfiguration> app = new DropwizardTestSupport<>(LifeboatApplication.class,
        ResourceHelpers.resourceFilePath("lifeboat-test.yml"),
        ConfigOverride.config("catalog.url", CATALOG.jdbcUrl()),
        ConfigOverride.config("temporal.target", FakeWorker.get().target()),
        ConfigOverride.config("server.applicationConnectors[0].type", "https"),
        ConfigOverride.config("server.applicationConnectors[0].keyStorePath", keyStore.toString()),
        ConfigOverride.config("server.applicationConnectors[0].keyStorePassword", PASSWORD),
        ConfigOverride.config("server.applicationConnectors[0].keyStoreType", "PKCS12"));
    app.before();
    try {
      HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(keyStore)).build();
      HttpResponse<String> targets = trusting.send(
          HttpRequest.newBuilder(URI.create("https://localhost:" + app.getLocalPort() + "/api/v1/targets")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(targets.statusCode()).isEqualTo(200);
      assertThat(targets.sslSession()).isPresent();
      assertThat(targets.body()).contains("\"orders\"");
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("https://localhost:" + app.getLocalPort() + "/api/v1/targets")).build(),
          HttpResponse.BodyHandlers.ofString())).as("a certificate nobody vouched for").isInstanceOf(IOException.class);
      int plain;
      try {
        plain = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + app.getLocalPort() + "/api/v1/targets"))
                .timeout(Duration.ofSeconds(3)).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode();
      } catch (IOException refusedOrUnanswered) {
        plain = -1;
      }
      assertThat(plain).as("plain HTTP to the TLS port").isNotEqualTo(200);
    } finally {
      app.after();
    }
  }

  private static SSLContext trusting(Path keyStore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
