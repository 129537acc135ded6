package io.lifeboat.activities.etcd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A declared etcd cluster: its client endpoints and credentials, where verifications run their
 * scratch member, and (optionally) how to restore it into a new data directory.
 */
public record EtcdTarget(String name, List<String> endpoints, String user, String password, Path caFile,
    Path certFile, Path keyFile, Path scratchDirectory, Restore restore, Duration rpo, Duration rto) {

  /**
   * Restore into {@code dataDirectory} (new or empty) as member {@code memberName} of
   * {@code initialCluster}; {@code stopCommand} and {@code startCommand} ({@code sh -c}) may be null.
   */
  public record Restore(Path dataDirectory, String memberName, String initialCluster, String initialAdvertisePeerUrls,
      String stopCommand, String startCommand, Duration startTimeout) {}

  String where() {
    return name + " (" + String.join(", ", endpoints) + ")";
  }
}
