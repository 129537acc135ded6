package io.lifeboat.activities.services;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where the Kubernetes API is and how to authenticate to it. Configured on the worker, never in a
 * runbook: a runbook only names deployments.
 *
 * @param token read on every call, so a rotated service-account token is picked up
 * @param sslContext trusts the cluster's CA
 */
public record KubernetesApi(URI url, Supplier<String> token, SSLContext sslContext) {
  private static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  /** The cluster the worker runs in, from its service account; empty outside Kubernetes. */
  public static Optional<KubernetesApi> inCluster() {
    String host = System.getenv("KUBERNETES_SERVICE_HOST");
    if (host == null || !Files.exists(SERVICE_ACCOUNT.resolve("token"))) {
      return Optional.empty();
    }
    String port = System.getenv().getOrDefault("KUBERNETES_SERVICE_PORT", "443");
    return Optional.of(new KubernetesApi(
        URI.create("https://" + host + ":" + port),
        () -> read(SERVICE_ACCOUNT.resolve("token")),
        trusting(SERVICE_ACCOUNT.resolve("ca.crt"))));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  private static SSLContext trusting(Path caCertificate) {
    try (InputStream in = Files.newInputStream(caCertificate)) {
      X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("cluster-ca", ca);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the cluster CA " + caCertificate, e);
    }
  }
}
