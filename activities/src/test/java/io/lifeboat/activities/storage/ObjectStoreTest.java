package io.lifeboat.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

class ObjectStoreTest {

  private static final long PART = ObjectStore.MIN_PART_SIZE;

  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();

  private static ObjectStore store;

  @BeforeAll
  static void openStore() {
    store = s3.store("objects", "lifeboat", PART, 2);
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  @Test
  void keysJoinThePrefixWithoutDoubleSlashes() {
    try (ObjectStore prefixed = new ObjectStore(s3.client(), "b", "/backups/", PART, 1);
        ObjectStore bare = new ObjectStore(s3.client(), "b", "", PART, 1)) {
      assertThat(prefixed.key("db/pg/1/manifest.json")).isEqualTo("backups/db/pg/1/manifest.json");
      assertThat(prefixed.key("/db//pg/")).isEqualTo("backups/db/pg/");
      assertThat(prefixed.key("")).isEqualTo("backups");
      assertThat(bare.key("/db/pg/1")).isEqualTo("db/pg/1");
    }
  }

  @Test
  void putGetListExistsDelete() throws Exception {
    String key = store.key("t/kind/1/manifest.json");
    store.put(key, "{}".getBytes(StandardCharsets.UTF_8));
    store.put(store.key("t/kind/1/manifest.json.sig"), new byte[] {1, 2});
    store.put(store.key("t/kind2/1/manifest.json"), new byte[0]);

    assertThat(store.get(key)).asString(StandardCharsets.UTF_8).isEqualTo("{}");
    try (InputStream in = store.open(key)) {
      assertThat(in.readAllBytes()).hasSize(2);
    }
    assertThat(store.exists(key)).isTrue();
    assertThat(store.list(store.key("t/kind/")))
        .containsExactly(key, store.key("t/kind/1/manifest.json.sig"));

    store.delete(key);
    assertThat(store.exists(key)).isFalse();
    store.delete(key); // deleting again is fine
  }

  @Test
  void listsPastOnePage() throws Exception {
    // Two at a time: the point is the listing; eight in flight made the in-process S3Proxy drop
    // connections now and then on this 2-core machine.
    ExecutorService puts = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 1_005; i++) {
        String key = store.key(String.format("many/%04d", i));
        done.add(puts.submit(() -> store.put(key, new byte[0])));
      }
      for (Future<?> put : done) {
        put.get();
      }
    } finally {
      puts.shutdown();
    }
    assertThat(store.list(store.key("many/"))).hasSize(1_005).isSorted();
  }

  @Test
  void aMissingObjectNamesBucketAndKey() {
    String key = store.key("nothing/here");

    assertThatThrownBy(() -> store.get(key))
        .isInstanceOf(ObjectMissingException.class)
        .hasMessageContaining("s3://objects/lifeboat/nothing/here");
    assertThatThrownBy(() -> store.open(key)).isInstanceOf(ObjectMissingException.class);
    assertThat(store.exists(key)).isFalse();
  }

  @Test
  void aMissingBucketSaysToCreateIt() {
    try (ObjectStore missing = new ObjectStore(s3.client(), "no-such-bucket", "", PART, 1)) {
      assertThatThrownBy(() -> missing.put("k", new byte[1]))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("s3://no-such-bucket/k")
          .hasMessageContaining("bucket does not exist");
    }
  }

  @Test
  void wrongCredentialsSaySo() {
    S3Client wrong = ObjectStore.client(s3.endpoint(), "us-east-1", S3ProxyFixture.ACCESS_KEY, "wrong", true);
    try (ObjectStore refused = new ObjectStore(wrong, "objects", "", PART, 1)) {
      assertThatThrownBy(() -> refused.put("k", new byte[1]))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("s3://objects/k")
          .hasMessageContaining("check the access key, the secret key");
    }
  }

  @Test
  void anUnreachableEndpointSaysSo() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    S3Client nowhere = ObjectStore.client(
        URI.create("http://127.0.0.1:" + closedPort), "us-east-1", "a", "b", true);
    try (ObjectStore unreachable = new ObjectStore(nowhere, "objects", "", PART, 1)) {
      assertThatThrownBy(unreachable::ensureBucket)
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("s3://objects")
          .hasMessageContaining("endpoint is unreachable");
    }
  }

  @Test
  void ensureBucketCreatesItOnceAndIsIdempotent() {
    try (ObjectStore fresh = new ObjectStore(s3.client(), "fresh-bucket", "", PART, 1)) {
      fresh.ensureBucket();
      fresh.ensureBucket();
      fresh.put("k", new byte[] {42});
      assertThat(fresh.get("k")).containsExactly(42);
    }
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
