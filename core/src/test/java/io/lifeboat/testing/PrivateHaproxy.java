package io.lifeboat.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real haproxy (Debian's package) started for a test on free ports, in front of one backend
 * {@code app} with two servers: a live one taking the traffic and a standby one in maintenance.
 * Its runtime API listens on an admin-level socket in the test's folder and on a TCP address.
 *
 * <p>Other modules reuse it through the {@code lifeboat-core} test-jar.
 */
public final class PrivateHaproxy implements AutoCloseable {
  /** Whether haproxy checks its servers itself. */
  public enum HealthChecks {
    /** Every 200 ms: a server that stops answering leaves the rotation, and one that answers joins it. */
    EVERY_200_MS,
    /** None: a server counts as up whether it answers or not (an application stopped on purpose). */
    NONE
  }

  private final Process process;
  private final Path socket;
  private final String adminAddress;
  private final int port;
  private final String live;
  private final String standby;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrivateHaproxy(Process process, Path socket, String adminAddress, int port, String live, String standby) {
    this.process = process;
    this.socket = socket;
    this.adminAddress = adminAddress;
    this.port = port;
    this.live = live;
    this.standby = standby;
  }

  /**
   * Starts haproxy with its files (config, log, admin socket) in {@code dir}: server {@code live}
   * at {@code livePort} takes the traffic, server {@code standby} at {@code standbyPort} is in
   * maintenance.
   */
  public static PrivateHaproxy start(Path dir, String live, int livePort, String standby, int standbyPort,
      HealthChecks checks) throws Exception {
    Files.createDirectories(dir);
    int port = freePort();
    String adminAddress = "127.0.0.1:" + freePort();
    Path socket = dir.resolve("admin.sock");
    Path config = dir.resolve("haproxy.cfg");
    Path log = dir.resolve("haproxy.log");
    String check = checks == HealthChecks.EVERY_200_MS ? " check inter 200ms" : "";
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
          server %s 127.0.0.1:%d%s
          server %s 127.0.0.1:%d%s disabled
        """.formatted(socket, adminAddress, port, live, livePort, check, standby, standbyPort, check));
    Process process = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrivateHaproxy haproxy = new PrivateHaproxy(process, socket, adminAddress, port, live, standby);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("haproxy exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      if (Files.exists(socket) && listening(port)) {
        return haproxy;
      }
      Thread.sleep(50);
    }
    haproxy.close();
    throw new IllegalStateException("haproxy did not start listening on " + port + ": " + Files.readString(log));
  }

  /** The admin socket, as an operator gives it to a traffic switch. */
  public Path socket() {
    return socket;
  }

  /** The same runtime API over TCP ({@code host:port}), as a remote haproxy exposes it. */
  public String adminAddress() {
    return adminAddress;
  }

  /** Where haproxy takes HTTP requests for backend {@code app}. */
  public int port() {
    return port;
  }

  /** The body of a GET of {@code path} through haproxy, whatever its status. */
  public String get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** One runtime API command, e.g. {@code show servers state app}. */
  public String command(String command) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (channel.read(buffer) > 0) {
        answer.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  /** The administrative state of a server of backend {@code app}: READY, DRAIN or MAINT. */
  public String state(String server) throws IOException {
    for (String line : command("show servers state app").split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length > 6 && !line.startsWith("#") && fields[3].equals(server)) {
        int admin = Integer.parseInt(fields[6]);
        // SRV_ADMF_*: 0x01|0x02|0x20 maintenance, 0x08|0x10 drain; 0x04 only says "disabled" in the file
        return (admin & 0x23) != 0 ? "MAINT" : (admin & 0x18) != 0 ? "DRAIN" : "READY";
      }
    }
    throw new IllegalStateException("no server " + server + " in " + command("show servers state app"));
  }

  /** The live server takes the traffic, the standby one is in maintenance: as haproxy started. */
  public void reset() throws IOException {
    command("set server app/" + live + " state ready");
    command("set server app/" + standby + " state maint");
  }

  private static boolean listening(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
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
