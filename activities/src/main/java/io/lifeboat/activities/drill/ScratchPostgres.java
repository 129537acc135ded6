package io.lifeboat.activities.drill;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import io.lifeboat.files.DirectoryTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A drill's scratch PostgreSQL server in {@code <drill>/postgres}: made by initdb (trust for
 * 127.0.0.1, superuser {@code postgres}), started with pg_ctl so that it outlives the activity and
 * the worker — the drill's later activities restore into it — and stopped by {@link #stop}.
 * Its port and socket directory are in {@code lifeboat-drill.conf}, rewritten at every start, so a
 * restart may move it to another port when its own was taken meanwhile.
 */
final class ScratchPostgres {
  static final String SUPERUSER = "postgres";
  private static final String SETTINGS = "lifeboat-drill.conf";
  /** Written once initdb has finished: a data directory without it is what an interrupted initdb left. */
  private static final String INITIALIZED = "initdb.done";
  /** The longest unix socket path the kernel takes (108 bytes with the final NUL). */
  private static final int SOCKET_PATH_MAX = 107;

  private final Path directory;
  private final Path binaries;
  private final String osUser;

  ScratchPostgres(Path directory, Path binaries, String osUser) {
    this.directory = directory;
    this.binaries = binaries;
    this.osUser = osUser;
  }

  Path data() {
    return directory.resolve("data");
  }

  /**
   * Makes the server run and returns its port: the one it runs on, else {@code wanted} when still
   * free, else a free one. Creates the cluster first when an earlier attempt did not finish it.
   */
  int run(Integer wanted) {
    Optional<ProcessHandle> postmaster = postmaster();
    if (postmaster.isPresent()) {
      Optional<Integer> port = runningPort();
      if (port.isPresent() && ScratchProcesses.answers(port.get())) {
        return port.get();
      }
      stop(); // running but not reachable as recorded: start it again cleanly
    }
    Path bin = bin();
    if (!Files.exists(directory.resolve(INITIALIZED))) {
      initdb(bin);
    }
    int port = ScratchProcesses.port(wanted);
    writeSettings(port);
    ScratchProcesses.run(ScratchProcesses.as(osUser, List.of(bin.resolve("pg_ctl").toString(), "-D",
        data().toString(), "-l", directory.resolve("server.log").toString(), "-w", "-t", "60", "start")),
        "start the drill's scratch PostgreSQL server in " + directory);
    return port;
  }

  private void initdb(Path bin) {
    try {
      DirectoryTrees.delete(data()); // what an interrupted initdb left: initdb refuses a non-empty directory
      Files.createDirectories(directory);
      if (ScratchProcesses.ROOT) {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        ScratchProcesses.run(List.of("chown", osUser, directory.toString()), "hand " + directory + " to " + osUser);
      }
      ScratchProcesses.run(ScratchProcesses.as(osUser, List.of(bin.resolve("initdb").toString(), "-D",
          data().toString(), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8", "--locale=C", "--no-sync")),
          "initdb the drill's scratch PostgreSQL server in " + data());
      Files.writeString(data().resolve("postgresql.conf"), "\ninclude '" + SETTINGS + "'\n",
          StandardOpenOption.APPEND);
      Files.writeString(directory.resolve(INITIALIZED), bin.toString() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the drill's scratch PostgreSQL server in " + directory + ": "
          + e.getMessage(), e);
    }
  }

  /** Port, address and socket directory; a socket path too long for the kernel means TCP only. */
  private void writeSettings(int port) {
    String socket = directory.toAbsolutePath() + "/.s.PGSQL." + port;
    String socketDirectories = socket.length() <= SOCKET_PATH_MAX ? directory.toAbsolutePath().toString() : "";
    try {
      Files.writeString(data().resolve(SETTINGS), "port = " + port + "\nlisten_addresses = '"
          + ScratchProcesses.LOOPBACK + "'\nunix_socket_directories = '" + socketDirectories.replace("'", "''")
          + "'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the settings of the drill's scratch PostgreSQL server in "
          + data() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stops the server at once ({@code pg_ctl stop -m immediate}: its data goes anyway); when pg_ctl
   * cannot, kills the postmaster named in {@code postmaster.pid}. Returns whether one was running.
   */
  boolean stop() {
    Optional<ProcessHandle> postmaster = postmaster();
    if (postmaster.isEmpty()) {
      return false;
    }
    Optional<Path> bin = binaries().or(() -> newest(binaries));
    if (bin.isPresent()) {
      ScratchProcesses.attempt(ScratchProcesses.as(osUser, List.of(bin.get().resolve("pg_ctl").toString(), "-D",
          data().toString(), "-m", "immediate", "-w", "-t", "30", "stop")), "stop the drill's scratch PostgreSQL");
    }
    postmaster().ifPresent(left -> ScratchProcesses.kill(left, Duration.ofSeconds(5)));
    return true;
  }

  /** The running postmaster of this data directory. */
  Optional<ProcessHandle> postmaster() {
    return ScratchProcesses.live(data().resolve("postmaster.pid"), "postgres");
  }

  /** The port the running server listens on (line 4 of postmaster.pid). */
  private Optional<Integer> runningPort() {
    try {
      List<String> lines = Files.readAllLines(data().resolve("postmaster.pid"));
      return lines.size() > 3 && lines.get(3).strip().matches("[0-9]{1,5}")
          ? Optional.of(Integer.valueOf(lines.get(3).strip())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The binaries this cluster was made with, once it was. */
  private Optional<Path> binaries() {
    try {
      Path marker = directory.resolve(INITIALIZED);
      return Files.exists(marker) ? Optional.of(Path.of(Files.readString(marker).strip())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The binaries the cluster was made with, else the newest major version installed. */
  private Path bin() {
    return binaries().filter(b -> Files.isExecutable(b.resolve("pg_ctl"))).or(() -> newest(binaries))
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("no PostgreSQL server binaries (initdb, pg_ctl)"
            + " under " + binaries + "/<major>/bin for a drill's scratch server; install the Debian package"
            + " postgresql, or set verification.postgresBinaries", FailureTypes.TOOL_FAILED));
  }

  /** The {@code bin} directory of the newest major version under {@code root} that has initdb and pg_ctl. */
  static Optional<Path> newest(Path root) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.filter(v -> v.getFileName().toString().matches("\\d{1,4}"))
          .sorted(Comparator.comparingInt((Path v) -> Integer.parseInt(v.getFileName().toString())).reversed())
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
