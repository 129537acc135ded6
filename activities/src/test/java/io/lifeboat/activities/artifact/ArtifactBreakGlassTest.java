package io.lifeboat.activities.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.lifeboat.activities.crypto.Gpg;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An operator with only gpg and zstd can read a backup: the storage format's promise. */
class ArtifactBreakGlassTest {

  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();

  @Test
  void gpgThenZstdReturnTheOriginalBytes(@TempDir Path dir) throws Exception {
    assumeThat(Gpg.installed("zstd")).as("zstd is installed").isTrue();
    byte[] source = SampleData.semiCompressible(12 << 20, 20);
    Path stored = dir.resolve("dump.zst.pgp");
    Path restored = dir.resolve("dump");
    try (ObjectStore store = s3.store("backups", "", ObjectStore.MIN_PART_SIZE, 2)) {
      StoredObject object = new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1)
          .write(new ByteArrayInputStream(source), "db/1/dump.zst.pgp", b -> {});
      Files.write(stored, store.get(object.key()));
    }

    try (Gpg gpg = Gpg.withTemporaryHome()) {
      assertThat(gpg.importKey(TestKeys.alice().secretKeyFile()).exitCode()).isZero();
      Gpg.Result result = gpg.shell(
          "gpg --batch --pinentry-mode loopback -d '" + stored + "' | zstd -d > '" + restored + "'");

      assertThat(result.exitCode()).as(result.describe()).isZero();
      assertThat(result.stderr()).doesNotContain("WARNING").doesNotContain("not integrity protected");
    }
    assertThat(Files.readAllBytes(restored)).isEqualTo(source);
  }
}
