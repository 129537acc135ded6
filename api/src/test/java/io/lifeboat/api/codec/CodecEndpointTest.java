package io.lifeboat.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.temporal.PayloadEncryption;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.config.PayloadKeyConfig;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.GlobalDataConverter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web UI's codec endpoint over real HTTP: Temporal's remote codec protocol, the browser's
 * preflight and origins, and who may decode (loopback without a token; beyond loopback only with
 * one).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CodecEndpointTest {
  private static final String UI = "http://127.0.0.1:8233";
  private static final String SECRET = "hunter2-SECRET-xyz";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final EmbeddedPostgresFixture.Database CATALOG = EmbeddedPostgresFixture.newDatabase();
  /** Keys as in lifeboat-codec-test.yml. */
  private static final PayloadEncryption KEYS = PayloadEncryption.of(List.of(
      new PayloadKeyConfig("k2", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
      new PayloadKeyConfig("k1", "HxgdHBsaGRgXFhUUExIREA8ODQwLCgkIBwYFBAMCAQA=")));
  private static final DropwizardAppExtension<LifeboatConfiguration> LOOPBACK = app("loopback.");
  /** With an API token configured: the codec needs it, whatever the API listens on. */
  private static final DropwizardAppExtension<LifeboatConfiguration> WITH_TOKENS = app("tokens.",
      "lifeboat-codec-tokens-test.yml");

  @Test
  void theUiDecodesWhatWorkersEncryptedAndGetsPayloadsInClearBack() throws Exception {
    Payload secret = GlobalDataConverter.get().toPayload(SECRET).orElseThrow();
    Payload old = GlobalDataConverter.get().toPayload("written before encryption").orElseThrow();
    Payloads stored = Payloads.newBuilder().addAllPayloads(KEYS.encode(List.of(secret))).addPayloads(old).build();

    HttpResponse<String> decoded = post(LOOPBACK, "/codec/decode", JsonFormat.printer().print(stored), UI, null);

    assertThat(decoded.statusCode()).as(decoded.body()).isEqualTo(200);
    assertThat(decoded.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI);
    assertThat(payloads(decoded).getPayloadsList()).containsExactly(secret, old);
    HttpResponse<String> encoded = post(LOOPBACK, "/codec/encode",
        JsonFormat.printer().print(Payloads.newBuilder().addPayloads(secret)), UI, null);
    assertThat(encoded.body()).doesNotContain(SECRET);
    assertThat(KEYS.decode(payloads(encoded).getPayloadsList())).containsExactly(secret);
  }

  @Test
  void theBrowsersPreflightIsAnsweredForTheUiOnly() throws Exception {
    HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(uri(LOOPBACK, "/codec/decode"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", UI)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type,x-namespace").build(), HttpResponse.BodyHandlers.ofString());

    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST, OPTIONS");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("X-Namespace");

    HttpResponse<String> elsewhere = post(LOOPBACK, "/codec/decode", "{\"payloads\": []}", "http://evil.example", null);
    assertThat(elsewhere.statusCode()).isEqualTo(403);
    assertThat(elsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(error(elsewhere)).isEqualTo("pages of origin http://evil.example may not call the codec endpoint");
  }

  @Test
  void aPayloadOfAnUnlistedKeyAndABodyThatIsNotPayloadsAreRefusedInOneLine() throws Exception {
    Payload foreign = PayloadEncryption.of(List.of(new PayloadKeyConfig("k0",
        "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="))).encode(List.of(
            GlobalDataConverter.get().toPayload(SECRET).orElseThrow())).get(0);

    HttpResponse<String> unlisted = post(LOOPBACK, "/codec/decode",
        JsonFormat.printer().print(Payloads.newBuilder().addPayloads(foreign)), UI, null);
    HttpResponse<String> garbage = post(LOOPBACK, "/codec/decode", "{\"payloads\": 7}", UI, null);

    assertThat(unlisted.statusCode()).isEqualTo(400);
    assertThat(error(unlisted)).isEqualTo("a payload was encrypted with key id 'k0', which temporal.payloadKeys does "
        + "not list (it lists k2, k1); add that key back under its id, after the current one");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(error(garbage)).startsWith("the body is not Temporal's JSON form of payloads").doesNotContain("\n");
  }

  @Test
  void withApiTokensTheCodecNeedsOneEvenOnLoopback() throws Exception {
    Payload secret = GlobalDataConverter.get().toPayload(SECRET).orElseThrow();
    Payloads stored = Payloads.newBuilder().addAllPayloads(KEYS.encode(List.of(secret))).build();

    HttpResponse<String> refused = post(WITH_TOKENS, "/codec/decode", JsonFormat.printer().print(stored), UI, null);
    HttpResponse<String> decoded = post(WITH_TOKENS, "/codec/decode", JsonFormat.printer().print(stored), UI,
        "ui-token-0123456789abc");

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).doesNotContain(SECRET);
    assertThat(error(refused)).isEqualTo("the codec endpoint needs one of the API's tokens (auth.tokens); configure"
        + " the web UI to pass a Lifeboat API token (codec.passAccessToken)");
    assertThat(decoded.statusCode()).as(decoded.body()).isEqualTo(200);
    assertThat(payloads(decoded).getPayloadsList()).containsExactly(secret);
  }

  /** Overrides under a prefix of the app's own, so that one app's do not reach the other. */
  private static DropwizardAppExtension<LifeboatConfiguration> app(String prefix) {
    return app(prefix, "lifeboat-codec-test.yml");
  }

  private static DropwizardAppExtension<LifeboatConfiguration> app(String prefix, String file) {
    List<ConfigOverride> overrides = new java.util.ArrayList<>(List.of(
        ConfigOverride.config(prefix, "catalog.url", CATALOG.jdbcUrl()),
        // not dialled: the codec needs no Temporal
        ConfigOverride.config(prefix, "temporal.target", "127.0.0.1:1")));
    return new DropwizardAppExtension<>(LifeboatApplication.class,
        ResourceHelpers.resourceFilePath(file), prefix, overrides.toArray(ConfigOverride[]::new));
  }

  private static HttpResponse<String> post(DropwizardAppExtension<LifeboatConfiguration> app, String path, String body,
      String origin, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(app, path)).header("Content-Type", "application/json")
        .header("X-Namespace", "default").POST(HttpRequest.BodyPublishers.ofString(body));
    if (origin != null) {
      request.header("Origin", origin);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(DropwizardAppExtension<LifeboatConfiguration> app, String path) {
    return URI.create("http://127.0.0.1:" + app.getLocalPort() + path);
  }

  private static Payloads payloads(HttpResponse<String> response) throws IOException {
    Payloads.Builder payloads = Payloads.newBuilder();
    JsonFormat.parser().merge(response.body(), payloads);
    return payloads.build();
  }

  private static String error(HttpResponse<String> response) throws IOException {
    JsonNode body = new ObjectMapper().readTree(response.body());
    return body.path("error").asText();
  }
}
