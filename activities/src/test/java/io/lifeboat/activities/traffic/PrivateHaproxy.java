package io.lifeboat.activities.traffic;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real haproxy (Debian's package) started for a test on free ports, in front of one backend
 * {@code app} with the servers {@code blue} (taking traffic) and {@code green} (in maintenance),
 * with an admin-level stats socket in a temporary folder.
 */
final class PrivateHaproxy implements AutoCloseable {
  final Path socket;
  /** The same runtime API over TCP, as a remote haproxy exposes it. */
  final String adminAddress;
  final int port;
  private final Process process;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrivateHaproxy(Path socket, String adminAddress, int port, Process process) {
    this.socket = socket;
    this.adminAddress = adminAddress;
    this.port = port;
    this.process = process;
  }

  static PrivateHaproxy start(Path dir, int bluePort, int greenPort) throws Exception {
    int port = freePort();
    String adminAddress = "127.0.0.1:" + freePort();
    Path socket = dir.resolve("admin.sock");
    Path config = dir.resolve("haproxy.cfg");
    Files.writeString(config, """
        global
          stats socket %s mode 600 level admin
          stats socket %s level admin
        defaults
          mode http
          timeout connect 2s
          timeout client 10s
          timeout server 10s
        frontend web
          bind 127.0.0.1:%d
          default_backend app
        backend app
          server blue 127.0.0.1:%d check inter 200ms
          server green 127.0.0.1:%d check inter 200ms disabled
        """.formatted(socket, adminAddress, port, bluePort, greenPort));
    Process process = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("haproxy.log").toFile())
        .start();
    PrivateHaproxy haproxy = new PrivateHaproxy(socket, adminAddress, port, process);
    haproxy.awaitListening();
    return haproxy;
  }

  /** The body of a request through haproxy: which server answered it. */
  String get() throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private void awaitListening() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("haproxy exited with " + process.exitValue());
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        if (Files.exists(socket)) {
          return;
        }
      } catch (IOException notYet) {
        // haproxy is still starting
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("haproxy did not start listening on " + port);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
