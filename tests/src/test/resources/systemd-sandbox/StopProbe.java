import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Stands in for a worker when systemd stops its unit: a child process runs (as pg_dump would),
 * and the shutdown hook drains for 2 s, notes whether the child was still alive (KillMode=mixed
 * signals the JVM alone), then stops it. The JVM then exits 143, as on any SIGTERM.
 */
public class StopProbe {
  static final Path REPORT = Path.of("/var/lib/lifeboat/stop.txt");

  static void note(String line) {
    try {
      Files.writeString(REPORT, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) throws Exception {
    Process child = new ProcessBuilder("sleep", "300").start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      note("hook: child alive " + child.isAlive());
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      note("hook: child alive after the drain " + child.isAlive());
      child.destroy();
      note("hook: done");
    }));
    note("started");
    Thread.sleep(Long.MAX_VALUE);
  }
}
