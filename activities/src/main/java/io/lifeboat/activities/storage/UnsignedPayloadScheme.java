package io.lifeboat.activities.storage;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 as the SDK signs it, except that bodies sent over plain HTTP are not hashed: they go as
 * {@code UNSIGNED-PAYLOAD}, as the SDK already sends them over HTTPS.
 *
 * <p>Why: over HTTP the SDK insists on signing every 128 KiB chunk of a body (a SHA-256 of each,
 * in the aws-chunked encoding), and the store then hashes every chunk again to check it. For the
 * embedded store on 127.0.0.1 that was measured at about 0.9 CPU s per 512 MiB uploaded, an eighth
 * of a file-set backup's CPU. Lifeboat does not need it: every object's SHA-256 is in the signed
 * manifest and checked on every read, and OpenPGP's MDC covers the content, so a body altered on
 * the way is caught anyway. Headers, the path and the query stay signed.
 *
 * <p>The SDK decides by the request's scheme alone, and a SigV4 signature does not cover the
 * scheme, so the request is signed as if it went over HTTPS and then sent as it is. That holds
 * only when the port is written out in the Host header either way, i.e. neither 80 nor 443;
 * on those ports the body is signed as the SDK would sign it.
 */
final class UnsignedPayloadScheme implements AwsV4AuthScheme {

  private final AwsV4AuthScheme standard = AwsV4AuthScheme.create();
  private final AwsV4HttpSigner signer = new Signer(standard.signer());

  @Override
  public String schemeId() {
    return standard.schemeId();
  }

  @Override
  public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
    return standard.identityProvider(providers);
  }

  @Override
  public AwsV4HttpSigner signer() {
    return signer;
  }

  private record Signer(AwsV4HttpSigner standard) implements AwsV4HttpSigner {

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
      SdkHttpRequest http = request.request();
      if (!applies(http)) {
        return standard.sign(request);
      }
      SignRequest<? extends AwsCredentialsIdentity> asHttps = request.copy(b -> b
          .request(http.toBuilder().protocol("https").build())
          .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
          .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false));
      SignedRequest signed = standard.sign(asHttps);
      return signed.copy(b -> b.request(signed.request().toBuilder().protocol(http.protocol()).build()));
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(
        AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
      return standard.signAsync(request); // Lifeboat's clients are synchronous
    }

    private static boolean applies(SdkHttpRequest http) {
      return "http".equals(http.protocol()) && http.port() != 80 && http.port() != 443;
    }
  }
}
