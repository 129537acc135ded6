package io.lifeboat.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A private haproxy from Debian's package, started by the tests on a free port with its admin
 * socket in a temp folder: one backend {@code app} with the servers {@code old} (taking traffic)
 * and {@code new} (in maintenance).
 */
final class PrivateHaproxy implements AutoCloseable {
  private final Process process;
  private final Path socket;
  private final int port;

  private PrivateHaproxy(Process process, Path socket, int port) {
    this.process = process;
    this.socket = socket;
    this.port = port;
  }

  static PrivateHaproxy start(Path dir, int port, int oldPort, int newPort) throws Exception {
    Files.createDirectories(dir);
    Path socket = dir.resolve("admin.sock");
    Path config = dir.resolve("haproxy.cfg");
    Files.writeString(config, """
        global
          stats socket %s mode 600 level admin
        defaults
          mode http
          timeout connect 2s
          timeout client 10s
          timeout server 10s
        frontend web
          bind 127.0.0.1:%d
          default_backend app
        backend app
          server old 127.0.0.1:%d
          server new 127.0.0.1:%d disabled
        """.formatted(socket, port, oldPort, newPort));
    Process process = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
    PrivateHaproxy haproxy = new PrivateHaproxy(process, socket, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("haproxy exited: " + Files.readString(dir.resolve("haproxy.log")));
      }
      if (Files.exists(socket) && listening(port)) {
        return haproxy;
      }
      Thread.sleep(50);
    }
    haproxy.close();
    throw new IllegalStateException("haproxy did not start: " + Files.readString(dir.resolve("haproxy.log")));
  }

  Path socket() {
    return socket;
  }

  int port() {
    return port;
  }

  /** One runtime API command, e.g. {@code show servers state app}. */
  String command(String command) throws IOException {
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
  String state(String server) throws IOException {
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

  /** Old takes the traffic, new is in maintenance: the state every test starts from. */
  void reset() throws IOException {
    command("set server app/old state ready");
    command("set server app/new state maint");
  }

  private static boolean listening(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A GET through haproxy. */
  String get(String path) throws IOException {
    try (InputStream in = java.net.URI.create("http://127.0.0.1:" + port + path).toURL().openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    process.waitFor();
  }
}
