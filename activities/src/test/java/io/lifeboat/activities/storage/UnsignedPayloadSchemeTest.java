package io.lifeboat.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bodies go to an HTTP store unhashed ({@code UNSIGNED-PAYLOAD}, no aws-chunked encoding) while
 * the request itself stays signed: S3Proxy, which checks signatures, accepts them with the right
 * secret and refuses them with a wrong one.
 */
class UnsignedPayloadSchemeTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();

  @Test
  void bodiesOverHttpAreSentUnsignedInOnePiece() throws Exception {
    Map<String, List<String>> seen = new ConcurrentHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), values));
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("ETag", "\"x\"");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try (S3Client client = ObjectStore.client(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
        "us-east-1", "key", "secret", true)) {
      client.putObject(b -> b.bucket("bucket").key("object"), RequestBody.fromBytes(new byte[300_000]));
    } finally {
      server.stop(0);
    }
    assertThat(seen.get("x-amz-content-sha256")).containsExactly("UNSIGNED-PAYLOAD");
    assertThat(seen.get("authorization")).singleElement().asString().startsWith("AWS4-HMAC-SHA256 Credential=key/");
    assertThat(seen).doesNotContainKey("content-encoding");
    assertThat(seen.get("content-length")).containsExactly("300000");
  }

  @Test
  void aSignatureCheckingStoreAcceptsThemAndStillRefusesAWrongSecret() throws Exception {
    try (ObjectStore store = s3.store("unsigned", "", ObjectStore.MIN_PART_SIZE, 2)) {
      byte[] bytes = new byte[(int) ObjectStore.MIN_PART_SIZE * 2 + 123];
      new java.util.Random(7).nextBytes(bytes);
      try (MultipartUpload upload = store.upload("multipart")) {
        upload.write(bytes, 0, bytes.length);
      }
      store.put("single", bytes);
      assertThat(store.get("multipart")).isEqualTo(bytes);
      assertThat(store.get("single")).isEqualTo(bytes);
    }
    S3Client wrong = ObjectStore.client(s3.endpoint(), "us-east-1", S3ProxyFixture.ACCESS_KEY, "wrong", true);
    try (ObjectStore refused = new ObjectStore(wrong, "unsigned", "", ObjectStore.MIN_PART_SIZE, 1)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> refused.put("nope", new byte[10]))
          .isInstanceOf(StorageException.class);
    }
  }
}
