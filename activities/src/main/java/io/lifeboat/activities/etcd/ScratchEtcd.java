package io.lifeboat.activities.etcd;

import io.etcd.jetcd.Client;
import io.lifeboat.activities.process.ChildEnvironment;
import io.lifeboat.files.DirectoryTrees;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-member etcd Lifeboat restores a snapshot into and starts on free ports of 127.0.0.1, in a
 * directory of its own: where a backup is proven to restore and serve without touching the
 * target's cluster. {@link #close} stops it and deletes the directory, whatever happened.
 */
final class ScratchEtcd implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScratchEtcd.class);
  private static final String MEMBER = "lifeboat-scratch";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final Path dir;
  private final EtcdTools tools;
  private Process process;
  private Client client;
  private int clientPort;
  private boolean closed;

  private ScratchEtcd(Path dir, EtcdTools tools) {
    this.dir = dir;
    this.tools = tools;
  }

  /** A new empty directory under {@code root}, named after {@code label} (a backup id). */
  static ScratchEtcd under(Path root, String label, EtcdTools tools) {
    try {
      Files.createDirectories(root);
      return new ScratchEtcd(Files.createTempDirectory(root, "lifeboat-verify-etcd-" + label + "-"), tools);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory under " + root + ": " + e.getMessage(), e);
    }
  }

  /** Where the snapshot to restore goes, before {@link #restoreAndStart}. */
  Path snapshotFile() {
    return dir.resolve("snapshot.db");
  }

  /** Restores {@code snapshot} as a one-member cluster, starts etcd on it and reads what it serves. */
  MemberContents restoreAndStart(Path snapshot) {
    clientPort = freePort();
    int peerPort = freePort();
    String peer = "http://127.0.0.1:" + peerPort;
    String url = "http://127.0.0.1:" + clientPort;
    Path data = dir.resolve("data");
    tools.restore(snapshot, data, MEMBER, MEMBER + "=" + peer, peer);
    String etcd = tools.server();
    ProcessBuilder builder = ChildEnvironment.builder(List.of(etcd, "--name", MEMBER, "--data-dir", data.toString(),
        "--listen-client-urls", url, "--advertise-client-urls", url, "--listen-peer-urls", peer,
        "--initial-advertise-peer-urls", peer, "--initial-cluster", MEMBER + "=" + peer))
        .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile());
    try {
      process = builder.start();
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure("cannot run etcd: " + e.getMessage()
          + " (install etcd-server)", FailureTypes.TOOL_FAILED);
    }
    client = Client.builder().endpoints(url).connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (true) {
      if (!process.isAlive()) {
        throw ApplicationFailure.newNonRetryableFailure("the scratch etcd exited: " + log(), FailureTypes.TOOL_FAILED);
      }
      try {
        return MemberContents.read(client);
      } catch (RuntimeException e) {
        if (Instant.now().isAfter(deadline)) {
          throw ApplicationFailure.newFailure("the scratch etcd did not answer within " + START_TIMEOUT.toSeconds()
              + " seconds: " + log(), FailureTypes.TOOL_FAILED);
        }
        sleep();
      }
    }
  }

  String where() {
    return "a scratch etcd on 127.0.0.1:" + clientPort;
  }

  /** Idempotent: an attempt stopped from outside closes it, then its own try block does again. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (client != null) {
      client.close();
    }
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      DirectoryTrees.delete(dir);
    } catch (UncheckedIOException e) {
      LOG.warn("could not delete scratch directory {}: {}", dir, e.getMessage());
    }
  }

  private String log() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("etcd.log"));
      return String.join(" ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the scratch etcd", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
