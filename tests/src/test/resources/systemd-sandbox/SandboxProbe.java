import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

/** What the worker's JVM needs from the unit's sandbox, and what the sandbox must refuse it. */
public class SandboxProbe {
  static int failures;

  interface Step {
    Object run() throws Exception;
  }

  static void works(String what, Step step) {
    try {
      System.out.println("OK   " + what + ": " + step.run());
    } catch (Exception e) {
      failures++;
      System.out.println("FAIL " + what + ": " + e);
    }
  }

  static void refused(String what, String expected, Step step) {
    try {
      Object result = step.run();
      failures++;
      System.out.println("FAIL " + what + ": was allowed: " + result);
    } catch (Exception e) {
      boolean right = String.valueOf(e.getMessage()).contains(expected) || e.toString().contains(expected);
      failures += right ? 0 : 1;
      System.out.println((right ? "OK   " : "FAIL ") + what + ": " + e);
    }
  }

  public static void main(String[] args) {
    System.out.println("user " + System.getProperty("user.name") + ", java.io.tmpdir "
        + System.getProperty("java.io.tmpdir") + ", LIFEBOAT_HOME " + System.getenv("LIFEBOAT_HOME")
        + ", working directory " + Path.of("").toAbsolutePath());
    works("a hot loop, compiled by the JIT (MemoryDenyWriteExecute would stop it)", () -> {
      long sum = 0;
      for (int i = 0; i < 200_000_000; i++) {
        sum += i ^ (sum >>> 3);
      }
      return sum;
    });
    works("write the state directory", () -> Files.writeString(Path.of("/var/lib/lifeboat/probe.txt"), "x"));
    works("write java.io.tmpdir", () -> Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "p"), "x"));
    works("write /var/tmp (drills' scratch directory)", () -> Files.writeString(Path.of("/var/tmp/p"), "x"));
    works("write /dev/shm (PostgreSQL's shared memory)", () -> {
      Path p = Files.writeString(Path.of("/dev/shm/lifeboat-sandbox-probe"), "x");
      Files.delete(p);
      return p;
    });
    works("read /etc/lifeboat/lifeboat.yml", () -> Files.readString(Path.of("/etc/lifeboat/lifeboat.yml")).strip());
    refused("ProtectSystem=strict: /srv/open (mode 1777)", "Read-only file system",
        () -> Files.writeString(Path.of("/srv/open/p"), "x"));
    refused("ProtectSystem=strict: /var/lib/open (mode 1777)", "Read-only file system",
        () -> Files.writeString(Path.of("/var/lib/open/p"), "x"));
    refused("configuration directory", "/etc/lifeboat/p", () -> Files.writeString(Path.of("/etc/lifeboat/p"), "x"));
    refused("ProtectHome=yes: /home/open (mode 1777)", "/home/open",
        () -> Files.writeString(Path.of("/home/open/p"), "x"));
    refused("PrivateTmp=yes: the host's /tmp", "/tmp/host-tmp-marker",
        () -> Files.readString(Path.of("/tmp/host-tmp-marker")));
    works("TCP over loopback", () -> {
      try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
          Socket accepted = server.accept()) {
        return server.getLocalPort();
      }
    });
    works("a Unix socket (haproxy's runtime API, PostgreSQL's socket)", () -> {
      Path path = Path.of(System.getProperty("java.io.tmpdir"), "probe.sock");
      try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
        server.bind(UnixDomainSocketAddress.of(path));
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
          return path;
        }
      } finally {
        Files.deleteIfExists(path);
      }
    });
    works("network interfaces", () -> Collections.list(NetworkInterface.getNetworkInterfaces()).size());
    works("the host name", () -> InetAddress.getLocalHost().getHostName());
    works("a child process", () -> new ProcessBuilder("true").start().waitFor());
    System.out.println(failures == 0 ? "JAVA PROBE PASSED" : "JAVA PROBE FAILED: " + failures);
    System.exit(failures == 0 ? 0 : 1);
  }
}
