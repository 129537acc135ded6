package io.lifeboat.activities.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy 4.1 in process, on a free port, over a temporary folder, with signature checking on:
 * a real S3 endpoint for tests. Use it as a JUnit extension
 * ({@code @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();}) or start
 * and close it by hand.
 */
public final class S3ProxyFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  public static final String ACCESS_KEY = "lifeboat-test";
  public static final String SECRET_KEY = "lifeboat-test-secret";
  public static final String REGION = "us-east-1";

  private Path folder;
  private S3Proxy proxy;
  private URI endpoint;

  /** Starts a proxy right away (outside JUnit's lifecycle). */
  public static S3ProxyFixture started() throws Exception {
    S3ProxyFixture fixture = new S3ProxyFixture();
    fixture.start();
    return fixture;
  }

  public void start() throws Exception {
    folder = Files.createTempDirectory("s3proxy");
    proxy =
        S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(folder.toString()))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public URI endpoint() {
    return endpoint;
  }

  /** The folder S3Proxy keeps buckets in (one sub-folder per bucket). */
  public Path folder() {
    return folder;
  }

  /** A new client for the proxy, path-style, with the right credentials. */
  public S3Client client() {
    return ObjectStore.client(endpoint, REGION, ACCESS_KEY, SECRET_KEY, true);
  }

  /** A store on a bucket of the proxy, created if missing. */
  public ObjectStore store(String bucket, String prefix, long partSize, int concurrency) {
    ObjectStore store = new ObjectStore(client(), bucket, prefix, partSize, concurrency);
    store.ensureBucket();
    return store;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  /** Stops serving (requests are refused from then on); the folder stays until {@link #close()}. */
  public void stop() {
    if (proxy != null) {
      try {
        proxy.stop();
      } catch (Exception e) {
        throw new IllegalStateException("S3Proxy did not stop: " + e.getMessage(), e);
      }
      proxy = null;
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    if (folder != null) {
      try (Stream<Path> paths = Files.walk(folder)) {
        paths.sorted(Comparator.reverseOrder()).forEach(S3ProxyFixture::delete);
      }
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
