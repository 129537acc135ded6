package io.lifeboat.activities.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.manifest.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ArtifactRoundTripTest {

  private static final long PART = ObjectStore.MIN_PART_SIZE;

  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();

  private static ObjectStore store;
  private static ArtifactWriter writer;
  private static ArtifactReader reader;

  @BeforeAll
  static void open() {
    store = s3.store("backups", "lifeboat", PART, 3);
    writer = new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1);
    reader = new ArtifactReader(store, List.of(TestKeys.alice().secretKeys()));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void aMultipartArtifactReadsBackAsTheSource() throws Exception {
    byte[] source = SampleData.semiCompressible(20 << 20, 1);
    List<Long> progress = new ArrayList<>();

    StoredObject stored =
        writer.write(new ByteArrayInputStream(source), store.key("db/pg/1/dump.zst.pgp"), progress::add);

    assertThat(stored.rawBytes()).isEqualTo(source.length);
    assertThat(stored.storedBytes())
        .as("spans several 5 MiB parts, and is compressed")
        .isBetween(2 * PART, (long) source.length);
    assertThat(stored.sha256Hex()).isEqualTo(Sha256.of(store.get(stored.key())));
    assertThat(store.get(stored.key())).hasSize((int) stored.storedBytes());
    assertThat(progress).isSorted().last().isEqualTo((long) source.length);

    ByteArrayOutputStream restored = new ByteArrayOutputStream();
    long written = reader.read(stored.key(), stored.sha256Hex(), restored, bytes -> {});

    assertThat(written).isEqualTo(source.length);
    assertThat(restored.toByteArray()).isEqualTo(source);
  }

  @Test
  void aProducerCanWriteIntoASinkInSmallPieces() throws Exception {
    byte[] source = SampleData.semiCompressible(3 << 20, 2);
    StoredObject stored;
    try (ArtifactSink sink = writer.open(store.key("db/pg/2/dump.zst.pgp"), bytes -> {})) {
      for (int offset = 0; offset < source.length; offset += 8192) {
        sink.write(source, offset, Math.min(8192, source.length - offset));
      }
      stored = sink.finish();
    }

    assertThat(stored.rawBytes()).isEqualTo(source.length);
    assertThat(readBack(stored)).isEqualTo(source);
  }

  @Test
  void anEmptyArtifactRoundTrips() throws Exception {
    StoredObject stored = writer.write(new ByteArrayInputStream(new byte[0]), store.key("empty"), b -> {});

    assertThat(stored.rawBytes()).isZero();
    assertThat(stored.storedBytes()).isPositive();
    assertThat(readBack(stored)).isEmpty();
  }

  @Test
  void everyRecipientCanDecrypt() throws Exception {
    List<PGPPublicKeyRing> both = new ArrayList<>(TestKeys.alice().publicKeys());
    both.addAll(TestKeys.mallory().publicKeys());
    ArtifactWriter toBoth = new ArtifactWriter(store, both, 3);
    byte[] source = SampleData.semiCompressible(1 << 20, 3);

    StoredObject stored = toBoth.write(new ByteArrayInputStream(source), store.key("shared"), b -> {});

    assertThat(toBoth.recipientFingerprints())
        .containsExactly(TestKeys.alice().fingerprint(), TestKeys.mallory().fingerprint());
    for (TestKeys keys : List.of(TestKeys.alice(), TestKeys.mallory())) {
      ByteArrayOutputStream restored = new ByteArrayOutputStream();
      new ArtifactReader(store, List.of(keys.secretKeys()))
          .read(stored.key(), stored.sha256Hex(), restored, b -> {});
      assertThat(restored.toByteArray()).isEqualTo(source);
    }
  }

  @Test
  void checksumReadsTheStoredBytesWithoutKeys() throws Exception {
    StoredObject stored =
        writer.write(new ByteArrayInputStream(new byte[] {1, 2, 3}), store.key("tiny"), b -> {});
    ArtifactReader keyless = new ArtifactReader(store, List.of());

    assertThat(keyless.checksum(stored.key())).isEqualTo(stored.sha256Hex());
  }

  private static byte[] readBack(StoredObject stored) {
    ByteArrayOutputStream restored = new ByteArrayOutputStream();
    reader.read(stored.key(), stored.sha256Hex(), restored, bytes -> {});
    return restored.toByteArray();
  }
}
