package io.lifeboat.activities.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver and push-ahead against real files and S3Proxy: a file the worker pushed ahead is
 * confirmed by its identity alone (no body), and a file whose identity is not the one pushed
 * ahead must be sent, and is then stored once, not twice.
 */
class WalPushAheadTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();

  private static final String SECRET = "s3cret";

  @Test
  void aFilePushedAheadIsConfirmedByItsIdentityAndAnyOtherFileMustBeSent(@TempDir Path dir) throws Exception {
    Path walDirectory = dir.resolve("pg_wal");
    Files.createDirectories(walDirectory.resolve("archive_status"));
    List<String> names = List.of("000000010000000000000001", "000000010000000000000002", "000000010000000000000003");
    Random random = new Random(3);
    for (String name : names) {
      byte[] bytes = new byte[1 << 20];
      random.nextBytes(bytes);
      Files.write(walDirectory.resolve(name), bytes);
      Files.createFile(walDirectory.resolve("archive_status").resolve(name + ".ready"));
    }
    String first = names.get(0);
    String second = names.get(1);
    String third = names.get(2);

    ObjectStore store = s3.store("wal", "lifeboat", ObjectStore.MIN_PART_SIZE, 2);
    WalArchive archive = new WalArchive(store, new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1),
        new ArtifactReader(store, List.of(TestKeys.alice().secretKeys())), TestKeys.alice().walSignatures());
    AtomicInteger pushedAhead = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    WalPushAhead ahead = new WalPushAhead(walDirectory, 2, threads, (file, bytes) -> {
      pushedAhead.incrementAndGet();
      return archive.push("main", file, bytes, bytes.length);
    });
    HttpClient http = HttpClient.newHttpClient();
    try (WalReceiver receiver = WalReceiver.start("main", new InetSocketAddress("127.0.0.1", 0), SECRET, archive,
        ahead)) {
      String url = "http://127.0.0.1:" + receiver.address().getPort() + "/wal/main/";

      assertThat(confirm(http, url + first, identity(walDirectory, first))).as("nothing pushed ahead yet")
          .isEqualTo(412);
      assertThat(send(http, url + first, walDirectory)).isEqualTo(200);
      archived(walDirectory, first);

      assertThat(confirm(http, url + second, identity(walDirectory, second))).as("pushed ahead").isEqualTo(200);
      archived(walDirectory, second);
      assertThat(archive.contains("main", WalFileName.parse(second).orElseThrow())).isTrue();

      waitUntilStored(archive, third);
      Files.setLastModifiedTime(walDirectory.resolve(third), FileTime.fromMillis(0));
      assertThat(confirm(http, url + third, identity(walDirectory, third))).as("not the file pushed ahead")
          .isEqualTo(412);
      assertThat(send(http, url + third, walDirectory)).isEqualTo(200);
      archived(walDirectory, third);
      assertThat(confirm(http, url + third, "wrong")).isEqualTo(412);
      assertThat(pushedAhead).as("the second and third files, each stored once").hasValue(2);
      assertThat(archive.fetch("main", WalFileName.parse(third).orElseThrow()).orElseThrow())
          .isEqualTo(Files.readAllBytes(walDirectory.resolve(third)));
    } finally {
      threads.shutdownNow();
      store.close();
    }
  }

  /** What PostgreSQL does once archive_command succeeded. */
  private static void archived(Path walDirectory, String name) throws Exception {
    Path status = walDirectory.resolve("archive_status");
    Files.move(status.resolve(name + ".ready"), status.resolve(name + ".done"));
  }

  private static String identity(Path walDirectory, String name) throws Exception {
    return WalPushAhead.identity(walDirectory.resolve(name));
  }

  private static int confirm(HttpClient http, String url, String identity) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + SECRET)
        .header(WalReceiver.IDENTITY, identity).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static int send(HttpClient http, String url, Path walDirectory) throws Exception {
    Path file = walDirectory.resolve(url.substring(url.lastIndexOf('/') + 1));
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + SECRET)
        .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static void waitUntilStored(WalArchive archive, String name) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!archive.contains("main", WalFileName.parse(name).orElseThrow()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
