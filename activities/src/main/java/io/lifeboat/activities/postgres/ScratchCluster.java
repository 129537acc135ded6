package io.lifeboat.activities.postgres;

import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.files.DirectoryTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A private, empty PostgreSQL cluster for one test restore: {@code initdb} into a temporary
 * directory, started on a free port on 127.0.0.1, stopped and removed on {@link #close()}. It has
 * none of the source cluster's roles, so a backup that restores into it restores into any new
 * server. Run as {@code osUser} when the worker is root: PostgreSQL refuses to run as root.
 *
 * <p>It holds a copy of production data while it runs, so it asks every connection for a password
 * (scram-sha-256), one made for this cluster and known only to this process: another user of the
 * machine reaches neither its port nor its socket without it. The password file initdb reads is
 * readable by the cluster's OS user only and deleted as soon as initdb has read it.
 *
 * <p>Its directory is named after the test restore ({@code lifeboat-verify-<name>}), so a retry
 * on the same machine stops and removes what an attempt that died left behind; a worker that
 * shuts down stops it too.
 */
final class ScratchCluster implements AutoCloseable {
  static final String SUPERUSER = "postgres";
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private final Path directory;
  private final Path bin;
  private final String osUser;
  private final int port;
  private final String password = newPassword();
  private final Thread onShutdown = new Thread(this::closeQuietly, "scratch-cluster-stop");

  private ScratchCluster(Path directory, Path bin, String osUser, int port) {
    this.directory = directory;
    this.bin = bin;
    this.osUser = osUser;
    this.port = port;
  }

  /**
   * The {@code bin} directory of the lowest PostgreSQL major version at least {@code minimumMajor}
   * under {@code root} (Debian's {@code /usr/lib/postgresql/<major>/bin}) that has initdb and pg_ctl.
   */
  static Optional<Path> binaries(Path root, int minimumMajor) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
          .filter(v -> Integer.parseInt(v.getFileName().toString()) >= minimumMajor)
          .sorted(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * initdb (encoding {@code encoding}, C locale) and start, for the test restore {@code name}
   * (one at a time per name); a failure removes what was made.
   */
  static ScratchCluster start(Path bin, String osUser, String encoding, String name) {
    Path directory = Path.of(System.getProperty("java.io.tmpdir"), "lifeboat-verify-"
        + name.replaceAll("[^A-Za-z0-9_.-]", "_"));
    new ScratchCluster(directory, bin, osUser, 0).close(); // what an attempt that died left behind
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for a scratch cluster: " + e.getMessage(), e);
    }
    ScratchCluster cluster = new ScratchCluster(directory, bin, osUser, freePort());
    Runtime.getRuntime().addShutdownHook(cluster.onShutdown);
    try {
      cluster.initdbAndStart(encoding == null ? "UTF8" : encoding);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void initdbAndStart(String encoding) {
    try {
      if (ROOT) {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        run(List.of("chown", osUser, directory.toString()), "hand " + directory + " to " + osUser);
      }
      Path data = directory.resolve("data");
      Path passwordFile = directory.resolve("superuser.password");
      Files.writeString(passwordFile, password, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
      try {
        if (ROOT) {
          run(List.of("chown", osUser, passwordFile.toString()), "hand the password file to " + osUser);
        }
        run(as(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "scram-sha-256",
            "--pwfile=" + passwordFile, "-U", SUPERUSER, "-E", encoding, "--locale=C", "--no-sync")),
            "initdb a scratch cluster");
      } finally {
        Files.deleteIfExists(passwordFile);
      }
      Files.writeString(data.resolve("postgresql.conf"), "\nport = " + port + "\nlisten_addresses = '127.0.0.1'\n"
          + "unix_socket_directories = '" + directory + "'\nfsync = off\nsynchronous_commit = off\n"
          + "full_page_writes = off\n", StandardOpenOption.APPEND);
      run(as(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
          directory.resolve("server.log").toString(), "-w", "-t", "60", "start")), "start a scratch cluster");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up a scratch cluster in " + directory + ": " + e.getMessage(), e);
    }
  }

  PostgresServer server() {
    return new PostgresServer("127.0.0.1", port, SUPERUSER, password, "disable");
  }

  /** The PostgreSQL version of its binaries, as a directory name says ("15"). */
  String version() {
    return bin.getParent().getFileName().toString();
  }

  /** Stops the server at once (its data goes anyway) and removes its directory; safe to call twice. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(onShutdown);
    } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
      // the hook itself is running, or this never started
    }
    stopAndRemove();
  }

  private void closeQuietly() {
    try {
      stopAndRemove();
    } catch (RuntimeException e) {
      // the JVM is exiting: nothing more can be done
    }
  }

  private void stopAndRemove() {
    Path data = directory.resolve("data");
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        run(as(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop")),
            "stop the scratch cluster");
      }
    } finally {
      DirectoryTrees.delete(directory);
    }
  }

  private List<String> as(List<String> command) {
    if (!ROOT || osUser == null) {
      return command;
    }
    List<String> full = new ArrayList<>(List.of("runuser", "-u", osUser, "--"));
    full.addAll(command);
    return full;
  }

  private static void run(List<String> command, String what) {
    try {
      CommandOutput done = CommandOutput.run(command);
      if (!done.succeeded()) {
        throw new IllegalStateException("could not " + what + ": `" + String.join(" ", command) + "` exited with "
            + done.exitCode() + ": " + done.output());
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }

  private static String newPassword() {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for a scratch cluster: " + e.getMessage(), e);
    }
  }
}
