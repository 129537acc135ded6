package io.lifeboat.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.Client;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a target reaches its cluster, against real etcd servers: TLS files against one that requires
 * client certificates, as a Kubernetes control plane's does (a CA, a server certificate for
 * 127.0.0.1 and a client certificate, made with openssl for the test), and a user and password
 * against one with authentication enabled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EtcdAccessTest {
  @TempDir static Path dir;
  private String endpoint;
  private String authEndpoint;

  @BeforeAll
  void start() throws Exception {
    sh("cd " + dir + " && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 1"
        + " -subj /CN=test-etcd-ca"
        + " && openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=etcd"
        + " && printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext"
        + " && openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 1"
        + " -extfile san.ext"
        + " && openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=lifeboat"
        + " && openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 1");
    int clientPort = freePort();
    String peer = "http://127.0.0.1:" + freePort();
    endpoint = "https://127.0.0.1:" + clientPort;
    sh("etcd --name tls --data-dir " + dir.resolve("data") + " --listen-client-urls " + endpoint
        + " --advertise-client-urls " + endpoint + " --listen-peer-urls " + peer + " --initial-advertise-peer-urls "
        + peer + " --initial-cluster tls=" + peer + " --cert-file " + dir.resolve("server.crt") + " --key-file "
        + dir.resolve("server.key") + " --trusted-ca-file " + dir.resolve("ca.crt") + " --client-cert-auth"
        + " </dev/null >" + dir.resolve("etcd.log") + " 2>&1 & echo $! >" + dir.resolve("etcd.pid"));

    authEndpoint = "http://127.0.0.1:" + freePort();
    String authPeer = "http://127.0.0.1:" + freePort();
    sh("etcd --name auth --data-dir " + dir.resolve("auth-data") + " --listen-client-urls " + authEndpoint
        + " --advertise-client-urls " + authEndpoint + " --listen-peer-urls " + authPeer
        + " --initial-advertise-peer-urls " + authPeer + " --initial-cluster auth=" + authPeer
        + " </dev/null >" + dir.resolve("auth.log") + " 2>&1 & echo $! >" + dir.resolve("auth.pid"));
    sh("for i in $(seq 100); do ETCDCTL_API=3 etcdctl --endpoints " + authEndpoint + " endpoint health"
        + " >/dev/null 2>&1 && break; sleep 0.2; done; export ETCDCTL_API=3;"
        + " etcdctl --endpoints " + authEndpoint + " user add 'root:s3cret pass'"
        + " && etcdctl --endpoints " + authEndpoint + " auth enable");
  }

  @AfterAll
  void stop() throws Exception {
    sh("kill $(cat " + dir.resolve("etcd.pid") + ") $(cat " + dir.resolve("auth.pid") + ") 2>/dev/null; true");
  }

  @Test
  void aClientWithTheTargetsCaAndCertificateReadsTheCluster() throws Exception {
    EtcdTarget target = target(dir.resolve("ca.crt"), dir.resolve("client.crt"), dir.resolve("client.key"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (Client client = EtcdClients.connect(target)) {
        assertThat(MemberContents.read(client).revision()).isEqualTo(1);
        return;
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  @Test
  void withoutAClientCertificateTheClusterRefusesTheRead() {
    try (Client client = EtcdClients.connect(target(dir.resolve("ca.crt"), null, null))) {
      assertThatThrownBy(() -> MemberContents.read(client)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aTlsFileThatCannotBeReadIsNamedWithTheKeysToFix() {
    Path missing = dir.resolve("no-such-ca.crt");
    assertThatThrownBy(() -> EtcdClients.connect(target(missing, null, null)))
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(e -> {
          assertThat(((ApplicationFailure) e).getType()).isEqualTo(FailureTypes.INVALID_CONFIGURATION);
          assertThat(((ApplicationFailure) e).getOriginalMessage()).isEqualTo("etcd target main: cannot read "
              + missing + "; fix caFile/certFile/keyFile in its configuration");
        });
  }

  @Test
  void theTargetsUserAndPasswordAreSentAndAWrongPasswordIsRefused() {
    try (Client client = EtcdClients.connect(auth("root", "s3cret pass"))) {
      assertThat(MemberContents.read(client).keys()).isZero();
    }
    try (Client client = EtcdClients.connect(auth("root", "wrong"))) {
      assertThatThrownBy(() -> MemberContents.read(client)).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("UNAUTHENTICATED").hasMessageEndingWith("(check the target's user and password)");
    }
  }

  private EtcdTarget auth(String user, String password) {
    return new EtcdTarget("main", List.of(authEndpoint), user, password, null, null, null, dir, null,
        Duration.ofHours(1), Duration.ofHours(1));
  }

  private EtcdTarget target(Path ca, Path cert, Path key) {
    return new EtcdTarget("main", List.of(endpoint), null, null, ca, cert, key, dir, null, Duration.ofHours(1),
        Duration.ofHours(1));
  }

  private static void sh(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(command + " failed: " + out);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
