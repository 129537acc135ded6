package io.lifeboat.activities.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.storage.ObjectMissingException;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.manifest.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

class ArtifactFailureTest {

  private static final long PART = ObjectStore.MIN_PART_SIZE;

  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();

  private static ObjectStore store;
  private static S3Client client;
  private static ArtifactWriter writer;
  private static ArtifactReader reader;

  @BeforeAll
  static void open() {
    store = s3.store("backups", "", PART, 2);
    client = s3.client();
    writer = new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1);
    reader = new ArtifactReader(store, List.of(TestKeys.alice().secretKeys()));
  }

  @AfterAll
  static void close() {
    store.close();
    client.close();
  }

  @Test
  void aFlippedByteIsDetectedAndNothingElseIsTouched() throws Exception {
    StoredObject victim = write("db/1/dump.zst.pgp", SampleData.semiCompressible(8 << 20, 10));
    byte[] neighbourSource = SampleData.semiCompressible(1 << 20, 11);
    StoredObject neighbour = write("db/1/globals.zst.pgp", neighbourSource);
    byte[] corrupted = store.get(victim.key());
    corrupted[corrupted.length / 2] ^= 0x01;
    store.put(victim.key(), corrupted);
    String actual = Sha256.of(corrupted);

    assertThatThrownBy(() -> reader.read(victim.key(), victim.sha256Hex(), new ByteArrayOutputStream(), b -> {}))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("s3://backups/db/1/dump.zst.pgp is corrupted")
        .hasMessageContaining(victim.sha256Hex())
        .hasMessageContaining(actual)
        .hasMessageContaining("another backup or the off-site copy");

    assertThat(store.get(victim.key())).as("the evidence is left as it was").isEqualTo(corrupted);
    assertThat(store.list("db/1/")).containsExactly(victim.key(), neighbour.key());
    assertThat(readBack(neighbour)).isEqualTo(neighbourSource);
  }

  @Test
  void aChecksumThatDiffersFromTheRecordedOneIsAnIntegrityFailure() throws Exception {
    StoredObject stored = write("recorded", SampleData.semiCompressible(1 << 20, 12));
    String recorded = "0".repeat(64);

    assertThatThrownBy(() -> reader.read(stored.key(), recorded, new ByteArrayOutputStream(), b -> {}))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining(recorded)
        .hasMessageContaining(stored.sha256Hex());
  }

  @Test
  void aModifiedObjectFailsTheOpenPgpIntegrityCheckEvenWithoutARecordedChecksum() throws Exception {
    StoredObject stored = write("no-checksum", SampleData.semiCompressible(2 << 20, 13));
    byte[] corrupted = store.get(stored.key());
    corrupted[corrupted.length - 30] ^= 0x40; // inside the last packets: the MDC has to notice
    store.put(stored.key(), corrupted);

    assertThatThrownBy(() -> reader.read(stored.key(), null, new ByteArrayOutputStream(), b -> {}))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("s3://backups/no-checksum")
        .hasMessageContaining("corrupted");
  }

  @Test
  void theWrongKeySaysWhichKeysAreNeededAndWhichAreAvailable() throws Exception {
    StoredObject stored = write("secret", SampleData.semiCompressible(1 << 20, 14));
    ArtifactReader mallory = new ArtifactReader(store, List.of(TestKeys.mallory().secretKeys()));
    String aliceSubkey = OpenPgpKeys.keyId(
        OpenPgpKeys.encryptionKey(TestKeys.alice().publicKeys().get(0)).getKeyID());
    String mallorySubkey = OpenPgpKeys.keyId(
        OpenPgpKeys.encryptionKey(TestKeys.mallory().publicKeys().get(0)).getKeyID());

    assertThatThrownBy(() -> mallory.read(stored.key(), stored.sha256Hex(), new ByteArrayOutputStream(), b -> {}))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("s3://backups/secret")
        .hasMessageContaining(aliceSubkey)
        .hasMessageContaining(mallorySubkey)
        .hasMessageContaining("configure the secret key of one of the recipients");
  }

  @Test
  void aMissingObjectNamesItsKey() {
    assertThatThrownBy(() -> reader.read("db/9/dump.zst.pgp", "00", new ByteArrayOutputStream(), b -> {}))
        .isInstanceOf(ObjectMissingException.class)
        .hasMessageContaining("s3://backups/db/9/dump.zst.pgp");
  }

  @Test
  void aFailingSourceAbortsTheUploadAndStoresNothing() {
    InputStream failing = new FailingSource(12 << 20);

    assertThatThrownBy(() -> writer.write(failing, "failed/dump.zst.pgp", b -> {}))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("failed/dump.zst.pgp")
        .hasRootCauseMessage("pg_dump died");

    assertThat(store.exists("failed/dump.zst.pgp")).isFalse();
    assertThat(client.listMultipartUploads(b -> b.bucket("backups")).uploads()).isEmpty();
  }

  @Test
  void aSourceThatEndsCleanlyButIsNotConfirmedCompleteStoresNothing() {
    // e.g. pg_dump's stdout reaches EOF, then pg_dump exits non-zero
    InputStream truncated = new java.io.ByteArrayInputStream(SampleData.semiCompressible(11 << 20, 16));

    assertThatThrownBy(() -> writer.write(truncated, "truncated/dump.zst.pgp", b -> {}, () -> {
      throw new IllegalStateException("pg_dump exited with 1");
    })).hasMessage("pg_dump exited with 1");

    assertThat(store.exists("truncated/dump.zst.pgp")).isFalse();
    assertThat(client.listMultipartUploads(b -> b.bucket("backups")).uploads()).isEmpty();
  }

  @Test
  void aSinkClosedWithoutFinishStoresNothing() throws Exception {
    try (ArtifactSink sink = writer.open("unfinished", b -> {})) {
      sink.write(SampleData.semiCompressible(11 << 20, 15));
      // the producer failed: no finish()
    }

    assertThat(store.exists("unfinished")).isFalse();
    assertThat(client.listMultipartUploads(b -> b.bucket("backups")).uploads()).isEmpty();
  }

  private static StoredObject write(String key, byte[] source) {
    return writer.write(new ByteArrayInputStream(source), key, b -> {});
  }

  private static byte[] readBack(StoredObject stored) {
    ByteArrayOutputStream restored = new ByteArrayOutputStream();
    reader.read(stored.key(), stored.sha256Hex(), restored, b -> {});
    return restored.toByteArray();
  }

  /** A source that dies part-way, as pg_dump does when the database goes away. */
  private static final class FailingSource extends InputStream {
    private final byte[] data;
    private int position;

    FailingSource(int failAfter) {
      this.data = SampleData.semiCompressible(failAfter, 16);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (position == data.length) {
        throw new IOException("pg_dump died");
      }
      int n = Math.min(length, data.length - position);
      System.arraycopy(data, position, buffer, offset, n);
      position += n;
      return n;
    }
  }
}
