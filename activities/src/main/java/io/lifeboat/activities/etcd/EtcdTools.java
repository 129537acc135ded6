package io.lifeboat.activities.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The etcd command-line tools a verification or a restore runs over a snapshot file:
 * {@code snapshot status} (revision, keys, bucket hash) and {@code snapshot restore}. etcd 3.5
 * moved both to {@code etcdutl}; 3.4 has them in {@code etcdctl} (ETCDCTL_API=3). etcdutl is used
 * when it is on the PATH, etcdctl otherwise; both write the same data directory.
 */
final class EtcdTools {
  private static final Duration TIMEOUT = Duration.ofMinutes(30);
  private static final Map<String, String> API_V3 = Map.of("ETCDCTL_API", "3");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String path;

  EtcdTools() {
    this(System.getenv("PATH"));
  }

  /** Looks the tools up in {@code path} (a PATH value); tests pass one without them. */
  EtcdTools(String path) {
    this.path = path == null ? "" : path;
  }

  /** What {@code snapshot status -w json} says of a snapshot file. */
  record Status(long hash, long revision, long totalKeys, long totalSize) {
    String describe() {
      return "revision " + revision + ", " + totalKeys + " bbolt keys, " + totalSize + " bytes, hash " + hash;
    }
  }

  Status status(Path snapshot) {
    String out = run(List.of(tool(), "snapshot", "status", snapshot.toString(), "-w", "json"), "snapshot status");
    try {
      JsonNode json = JSON.readTree(out.substring(out.indexOf('{')));
      return new Status(json.path("hash").asLong(), json.path("revision").asLong(), json.path("totalKey").asLong(),
          json.path("totalSize").asLong());
    } catch (IOException | IndexOutOfBoundsException e) {
      throw ApplicationFailure.newNonRetryableFailure("cannot read what " + tool() + " snapshot status says of "
          + snapshot + ": " + out, FailureTypes.TOOL_FAILED);
    }
  }

  /** Restores {@code snapshot} into {@code dataDirectory}, which must not exist yet. */
  void restore(Path snapshot, Path dataDirectory, String memberName, String initialCluster, String peerUrls) {
    run(List.of(tool(), "snapshot", "restore", snapshot.toString(), "--data-dir", dataDirectory.toString(),
        "--name", memberName, "--initial-cluster", initialCluster, "--initial-advertise-peer-urls", peerUrls),
        "snapshot restore");
  }

  /** etcdutl where installed, else etcdctl; neither: one line naming the packages. */
  String tool() {
    return find("etcdutl").or(() -> find("etcdctl")).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "neither etcdutl nor etcdctl is on the PATH; install etcd-client (Debian/Ubuntu: apt-get install"
            + " etcd-client) or etcdutl from an etcd 3.5 release", FailureTypes.TOOL_FAILED));
  }

  /** The etcd server binary scratch members run; absent: one line naming the package. */
  String server() {
    return find("etcd").orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("etcd is not on the PATH;"
        + " install etcd-server (Debian/Ubuntu: apt-get install etcd-server) to verify etcd backups",
        FailureTypes.TOOL_FAILED));
  }

  private Optional<String> find(String name) {
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }

  private static String run(List<String> command, String what) {
    CommandOutput output;
    try {
      output = CommandOutput.run(new ArrayList<>(command), API_V3, TIMEOUT).orElseThrow(() ->
          ApplicationFailure.newFailure(command.get(0) + " " + what + " did not finish within " + TIMEOUT.toMinutes()
              + " minutes", FailureTypes.TOOL_FAILED));
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure("cannot run " + command.get(0) + ": " + e.getMessage()
          + " (install etcd-client)", FailureTypes.TOOL_FAILED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + what, e);
    }
    if (!output.succeeded()) {
      String text = output.output();
      throw ApplicationFailure.newNonRetryableFailure(command.get(0) + " " + what + " failed: "
          + text.substring(Math.max(0, text.length() - 2000)).replace('\n', ' '), FailureTypes.TOOL_FAILED);
    }
    return output.output();
  }
}
