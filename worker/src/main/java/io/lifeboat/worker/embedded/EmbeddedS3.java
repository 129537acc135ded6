package io.lifeboat.worker.embedded;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** S3Proxy in process over a local folder: the embedded object storage. */
public final class EmbeddedS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "lifeboat";
  public static final String SECRET_KEY = "lifeboat-embedded-secret";

  private final S3Proxy proxy;
  private final URI endpoint;

  private EmbeddedS3(S3Proxy proxy, URI endpoint) {
    this.proxy = proxy;
    this.endpoint = endpoint;
  }

  public static EmbeddedS3 start(Path folder, int port) throws Exception {
    Files.createDirectories(folder);
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(folder.toAbsolutePath().toString()))
        .endpoint(endpoint)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start on port " + port + ": " + proxy.getState());
      }
      Thread.sleep(10);
    }
    return new EmbeddedS3(proxy, endpoint);
  }

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
