package io.lifeboat.api.temporal;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.lifeboat.config.TemporalTlsConfig;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** The TLS (or mutual TLS, with a client certificate) context towards the Temporal frontend. */
final class TemporalTls {
  private TemporalTls() {}

  static SslContext sslContext(TemporalTlsConfig tls) {
    try {
      SimpleSslContextBuilder builder = clientIdentity(tls);
      if (tls.getTrustCertCollection() != null) {
        builder.setTrustManager(trustManager(tls.getTrustCertCollection()));
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("Temporal TLS set-up failed: " + e.getMessage(), e);
    }
  }

  private static SimpleSslContextBuilder clientIdentity(TemporalTlsConfig tls) throws IOException {
    if (tls.getCertChain() == null) {
      return SimpleSslContextBuilder.noKeyOrCertChain();
    }
    // The builder reads its streams only in build(): hand it the bytes, not open files.
    return SimpleSslContextBuilder.forPKCS8(
        new ByteArrayInputStream(read(tls.getCertChain(), "certChain")),
        new ByteArrayInputStream(read(tls.getPrivateKey(), "privateKey")));
  }

  private static TrustManager trustManager(Path pem) throws IOException {
    try (InputStream in = new ByteArrayInputStream(read(pem, "trustCertCollection"))) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + index++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IOException("temporal.tls.trustCertCollection " + pem + " holds no usable PEM certificates: "
          + e.getMessage(), e);
    }
  }

  private static byte[] read(Path file, String key) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IOException("temporal.tls." + key + " " + file + " cannot be read: " + e, e);
    }
  }
}
