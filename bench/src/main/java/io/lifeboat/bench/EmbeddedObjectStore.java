package io.lifeboat.bench;

import io.lifeboat.activities.storage.ObjectStore;
import java.net.URI;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * S3Proxy in this process over a local folder, set up as Lifeboat's embedded default is:
 * filesystem store, signed requests (so the client signs every payload chunk, as it must over
 * plain HTTP).
 */
final class EmbeddedObjectStore implements AutoCloseable {

  private static final String ACCESS_KEY = "bench";
  private static final String SECRET_KEY = "bench-secret";

  private final S3Proxy proxy;
  private final URI endpoint;

  EmbeddedObjectStore(Path folder) throws Exception {
    proxy =
        S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(folder.toAbsolutePath().toString()))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  ObjectStore open(String bucket, long partSize, int concurrency) {
    ObjectStore store =
        new ObjectStore(
            ObjectStore.client(endpoint, "us-east-1", ACCESS_KEY, SECRET_KEY, true),
            bucket,
            "",
            partSize,
            concurrency);
    store.ensureBucket();
    return store;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
