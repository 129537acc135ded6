package io.lifeboat.activities.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * jetcd clients of a target: its endpoints, its user and password, its TLS files. A client fails
 * fast (a few attempts, short timeouts) so an unreachable cluster is reported, not waited for.
 */
final class EtcdClients {
  private EtcdClients() {}

  static Client connect(EtcdTarget target) {
    return connect(target.endpoints(), target);
  }

  /** A client of {@code endpoints} with {@code target}'s credentials and TLS files. */
  static Client connect(List<String> endpoints, EtcdTarget target) {
    ClientBuilder builder = Client.builder().endpoints(endpoints.toArray(String[]::new))
        .connectTimeout(Duration.ofSeconds(5)).retryMaxAttempts(2).retryMaxDuration(Duration.ofSeconds(10));
    if (target.user() != null && !target.user().isEmpty()) {
      builder.user(bytes(target.user())).password(bytes(target.password() == null ? "" : target.password()));
    }
    if (target.caFile() != null || target.certFile() != null) {
      for (Path file : new Path[] {target.caFile(), target.certFile(), target.keyFile()}) {
        if (file != null && !Files.isReadable(file)) {
          throw ApplicationFailure.newNonRetryableFailure("etcd target " + target.name() + ": cannot read " + file
              + "; fix caFile/certFile/keyFile in its configuration", FailureTypes.INVALID_CONFIGURATION);
        }
      }
      try {
        builder.sslContext(ssl -> {
          if (target.caFile() != null) {
            ssl.trustManager(target.caFile().toFile());
          }
          if (target.certFile() != null) {
            ssl.keyManager(target.certFile().toFile(), target.keyFile() == null ? null : target.keyFile().toFile());
          }
        });
      } catch (SSLException | IllegalArgumentException e) {
        throw ApplicationFailure.newNonRetryableFailure("etcd target " + target.name() + ": its TLS files are not"
            + " usable (" + e.getMessage() + "); caFile, certFile and keyFile must be PEM, the key PKCS#8",
            FailureTypes.INVALID_CONFIGURATION);
      }
    }
    return builder.build();
  }

  static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
