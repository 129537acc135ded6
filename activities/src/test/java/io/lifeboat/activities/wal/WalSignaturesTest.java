package io.lifeboat.activities.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signed WAL against a real S3Proxy bucket: what the archive stores comes back only with its
 * signature; a file forged by someone who can write to the bucket (encrypted to the public key, its
 * metadata consistent), a signed file moved to another name, a file signed by another key and an
 * unsigned file are refused with one line, by the archive and by the receiver restore_command
 * talks to; unsigned files stored before the configured time are accepted; an off-site copy carries
 * the signatures and is read when the primary's file is refused.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WalSignaturesTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  private static final String TARGET = "main";
  private static final WalFileName FIRST = WalFileName.parse("000000010000000000000001").orElseThrow();
  private static final WalFileName SECOND = WalFileName.parse("000000010000000000000002").orElseThrow();

  private ObjectStore store;
  private WalArchive archive;

  @BeforeEach
  void open() {
    store = s3.store("wal-signed", "lifeboat-" + System.nanoTime(), ObjectStore.MIN_PART_SIZE, 1);
    archive = archive(TestKeys.alice().walSignatures());
  }

  private WalArchive archive(WalSignatures signatures) {
    return new WalArchive(store, new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1),
        new ArtifactReader(store, List.of(TestKeys.alice().secretKeys())), signatures);
  }

  private static byte[] segment(int seed) {
    byte[] bytes = new byte[64 << 10];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private void push(WalFileName file, byte[] raw) {
    archive.push(TARGET, file, raw, raw.length);
  }

  /** What someone with write access to the bucket and the public key can store: consistent, but not signed by us. */
  private void forge(WalFileName file, byte[] raw) {
    ArtifactWriter.EncodedArtifact encoded = new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1)
        .encode(raw, raw.length);
    store.put(archive.key(TARGET, file), encoded.bytes(), Map.of(WalArchive.SHA256, encoded.sha256(),
        WalArchive.RAW_BYTES, Long.toString(raw.length)));
  }

  @Test
  void anArchivedFileComesBackWithItsSignatureBesideIt() {
    push(FIRST, segment(1));
    assertThat(archive.fetch(TARGET, FIRST)).hasValueSatisfying(b -> assertThat(b).isEqualTo(segment(1)));
    assertThat(store.exists(WalArchive.signatureKey(archive.key(TARGET, FIRST)))).isTrue();
    assertThat(archive.list(TARGET)).as("signatures are not listed as WAL files").hasSize(1);
  }

  @Test
  void aForgedFileIsRefused() {
    push(FIRST, segment(1));
    byte[] forged = segment(1);
    forged[100] ^= 1;
    forge(FIRST, forged);

    assertThatThrownBy(() -> archive.fetch(TARGET, FIRST)).isInstanceOf(WalSignatureException.class)
        .hasMessageContaining("WAL file " + FIRST + " of target main is refused")
        .hasMessageContaining("replaced or forged").hasMessageNotContaining("\n");
  }

  @Test
  void aSignedFileMovedToAnotherNameOrTargetIsRefused() {
    push(FIRST, segment(1));
    push(SECOND, segment(2));
    String first = archive.key(TARGET, FIRST);
    String second = archive.key(TARGET, SECOND);
    var info = store.head(first).orElseThrow();
    store.put(second, store.get(first), info.metadata());
    store.put(WalArchive.signatureKey(second), store.get(WalArchive.signatureKey(first)));

    assertThatThrownBy(() -> archive.fetch(TARGET, SECOND)).isInstanceOf(WalSignatureException.class)
        .hasMessageContaining(SECOND.name());

    String other = archive.key("other", FIRST);
    store.put(other, store.get(first), info.metadata());
    store.put(WalArchive.signatureKey(other), store.get(WalArchive.signatureKey(first)));
    assertThatThrownBy(() -> archive.fetch("other", FIRST)).isInstanceOf(WalSignatureException.class)
        .hasMessageContaining("of target other");
    assertThat(archive.fetch(TARGET, FIRST)).as("the original still checks").isPresent();
  }

  @Test
  void aFileSignedByAnotherKeyIsRefused() {
    byte[] forged = segment(3);
    forge(FIRST, forged);
    store.put(WalArchive.signatureKey(archive.key(TARGET, FIRST)),
        new WalSignatures(new ManifestSigner(TestKeys.mallory().secretKeys()), null).sign(TARGET, FIRST, forged,
            forged.length));

    assertThatThrownBy(() -> archive.fetch(TARGET, FIRST)).isInstanceOf(WalSignatureException.class)
        .hasMessageContaining("trusted signing key");
  }

  @Test
  void anUnsignedFileIsRefusedUnlessStoredBeforeTheConfiguredTime() {
    push(FIRST, segment(1));
    String signature = WalArchive.signatureKey(archive.key(TARGET, FIRST));
    store.delete(signature);
    Instant storedAt = store.head(archive.key(TARGET, FIRST)).orElseThrow().lastModified();

    assertThatThrownBy(() -> archive.fetch(TARGET, FIRST)).isInstanceOf(WalSignatureException.class)
        .hasMessageContaining("has no signature").hasMessageContaining("encryption.acceptUnsignedWalBefore");
    ManifestSigner signer = new ManifestSigner(TestKeys.alice().secretKeys());
    assertThatThrownBy(() -> archive(new WalSignatures(signer, storedAt.minus(Duration.ofHours(1))))
        .fetch(TARGET, FIRST)).as("stored after the time").isInstanceOf(WalSignatureException.class);
    assertThat(archive(new WalSignatures(signer, storedAt.plus(Duration.ofMinutes(1)))).fetch(TARGET, FIRST))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(segment(1)));

    push(FIRST, segment(1)); // PostgreSQL archives it again: the file it sends is signed now
    assertThat(store.exists(signature)).isTrue();
    assertThat(archive.fetch(TARGET, FIRST)).isPresent();
  }

  @Test
  void theReceiverAnswersAForgedFileWithAnErrorNotTheFile() throws Exception {
    push(FIRST, segment(1));
    forge(FIRST, segment(4));
    try (WalReceiver receiver = WalReceiver.start(TARGET, new InetSocketAddress("127.0.0.1", 0), "secret", archive,
        null)) {
      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + receiver.address().getPort() + "/wal/" + TARGET + "/" + FIRST.name()))
          .header("Authorization", "Bearer secret").GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as("not 404: the client stops the recovery (exit 126)").isEqualTo(500);
      assertThat(answer.body()).contains("is refused").hasLineCount(1);
    }
  }

  @Test
  void anOffSiteCopyCarriesTheSignature() {
    push(FIRST, segment(1));
    ObjectStore copyStore = s3.store("wal-signed-copy", "copy-" + System.nanoTime(), ObjectStore.MIN_PART_SIZE, 1);
    WalArchive readable = new WalArchive(copyStore, new ArtifactWriter(copyStore, TestKeys.alice().publicKeys(), 1),
        new ArtifactReader(copyStore, List.of(TestKeys.alice().secretKeys())), TestKeys.alice().walSignatures());
    new WalCopier("offsite", archive, readable).copyMissing(TARGET, false, n -> {});
    assertThat(readable.fetch(TARGET, FIRST)).hasValueSatisfying(b -> assertThat(b).isEqualTo(segment(1)));

    copyStore.delete(WalArchive.signatureKey(readable.key(TARGET, FIRST)));
    WalCopier.Pass again = new WalCopier("offsite", archive, readable).copyMissing(TARGET, false, n -> {});
    assertThat(again.copied()).as("a copy without its signature is copied again").isEqualTo(1);
    assertThat(readable.fetch(TARGET, FIRST)).isPresent();

    WalArchives reads = new WalArchives(archive, Map.of("offsite", readable), (location, target) -> true);
    forge(FIRST, segment(5));
    assertThat(reads.fetch(TARGET, FIRST)).as("a forged primary file is read from the intact copy")
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(segment(1)));
    copyStore.delete(WalArchive.signatureKey(readable.key(TARGET, FIRST)));
    assertThatThrownBy(() -> reads.fetch(TARGET, FIRST)).as("refused when the copy fails too, never 'missing'")
        .isInstanceOf(WalSignatureException.class).hasMessageContaining("replaced or forged");
    archive.store().delete(archive.key(TARGET, FIRST));
    assertThatThrownBy(() -> reads.fetch(TARGET, FIRST)).as("only the copy holds it, unsigned")
        .isInstanceOf(WalSignatureException.class).hasMessageContaining("has no signature");
  }
}
