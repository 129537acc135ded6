package io.lifeboat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.config.AwsStoreConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * moto's server, a local implementation of AWS KMS and Secrets Manager (installed pinned by
 * deploy/install-moto.sh), started for a test on a free port. Credentials are the SDK's default
 * chain: this sets the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties to
 * moto's test values when none are set.
 *
 * <p>Other modules reuse it through the {@code lifeboat-core} test-jar.
 */
public final class MotoServer implements AutoCloseable {
  public static final String REGION = "us-east-1";

  private final Process process;
  private final int port;

  private MotoServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts moto's server, its log in {@code dir}, and waits until it accepts connections. */
  public static MotoServer start(Path dir) throws Exception {
    Files.createDirectories(dir);
    if (System.getProperty("aws.accessKeyId") == null) {
      System.setProperty("aws.accessKeyId", "testing");
      System.setProperty("aws.secretAccessKey", "testing");
    }
    int port = freePort();
    Path log = dir.resolve("moto.log");
    Process process = new ProcessBuilder(binary().toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    MotoServer server = new MotoServer(process, port);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!server.accepts()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        process.destroyForcibly();
        throw new IllegalStateException("moto_server did not start on port " + port + ": " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    return server;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** {@code secretStores.aws} pointing at this server. */
  public AwsStoreConfig config() {
    AwsStoreConfig aws = new AwsStoreConfig();
    aws.setRegion(REGION);
    aws.setEndpoint(endpoint());
    return aws;
  }

  /** A port nothing listens on (at the time of the call): a store that is down. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path binary() {
    String cache = System.getenv("LIFEBOAT_CACHE");
    if (cache == null) {
      String xdg = System.getenv("XDG_CACHE_HOME");
      cache = (xdg != null ? xdg : System.getProperty("user.home") + "/.cache") + "/lifeboat";
    }
    Path binary = Path.of(cache, "moto", "bin", "moto_server");
    assertThat(binary).as("moto is not installed; run deploy/install-moto.sh").isExecutable();
    return binary;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
