package io.lifeboat.activities.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.activities.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WAL copied off-site against real S3Proxy buckets: each file once, what is intact left alone, a
 * copy deleted or damaged at the location copied again (a sync reads it back, trusting nothing),
 * a corrupt primary object never copied; and reads that fall back to the copy when the primary
 * bucket is gone.
 */
class WalCopierTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();

  private static final String TARGET = "main";
  private static final List<String> NAMES =
      List.of("000000010000000000000001", "000000010000000000000002", "000000010000000000000003");

  private static WalArchive archive(ObjectStore store) {
    return new WalArchive(store, new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1),
        new ArtifactReader(store, List.of(TestKeys.alice().secretKeys())));
  }

  private static byte[] segment(int seed) {
    byte[] bytes = new byte[64 << 10];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static WalFileName file(String name) {
    return WalFileName.parse(name).orElseThrow();
  }

  @Test
  void eachFileIsCopiedOnceAndWhatIsMissingOrDamagedAtTheLocationIsCopiedAgain() {
    WalArchive primary = archive(s3.store("wal-primary", "lifeboat", ObjectStore.MIN_PART_SIZE, 1));
    WalArchive offsite = archive(s3.store("wal-offsite", "copy", ObjectStore.MIN_PART_SIZE, 1));
    for (int i = 0; i < NAMES.size(); i++) {
      byte[] raw = segment(i);
      primary.push(TARGET, file(NAMES.get(i)), raw, raw.length);
    }
    WalCopier copier = new WalCopier("offsite", primary, offsite);

    WalCopier.Pass first = copier.copyMissing(TARGET, false, n -> {});
    assertThat(first.copied()).isEqualTo(3);
    assertThat(first.pending()).isZero();
    assertThat(first.newestCopied()).isEqualTo(NAMES.get(2));
    assertThat(offsite.fetch(TARGET, file(NAMES.get(1)))).hasValueSatisfying(b -> assertThat(b).isEqualTo(segment(1)));

    WalCopier.Pass again = new WalCopier("offsite", primary, offsite).copyMissing(TARGET, false, n -> {});
    assertThat(again.copied()).as("a new copier finds them intact").isZero();
    assertThat(again.alreadyThere()).isEqualTo(3);

    offsite.store().delete(offsite.key(TARGET, file(NAMES.get(0))));
    String damaged = offsite.key(TARGET, file(NAMES.get(2)));
    var info = offsite.store().head(damaged).orElseThrow();
    byte[] garbage = new byte[(int) info.size()];
    offsite.store().put(damaged, garbage, info.metadata()); // same size and metadata: only reading tells

    WalCopier.Pass sync = new WalCopier("offsite", primary, offsite).copyMissing(TARGET, true, n -> {});
    assertThat(sync.copied()).as("the deleted one and the damaged one").isEqualTo(2);
    assertThat(sync.alreadyThere()).isEqualTo(1);
    assertThat(sync.failures()).isEmpty();
    assertThat(offsite.fetch(TARGET, file(NAMES.get(2)))).hasValueSatisfying(b -> assertThat(b).isEqualTo(segment(2)));
    assertThat(offsite.fetch(TARGET, file(NAMES.get(0)))).hasValueSatisfying(b -> assertThat(b).isEqualTo(segment(0)));
  }

  @Test
  void aCorruptPrimaryObjectIsReportedAndNeverCopied() {
    WalArchive primary = archive(s3.store("wal-corrupt", "lifeboat", ObjectStore.MIN_PART_SIZE, 1));
    WalArchive offsite = archive(s3.store("wal-corrupt-copy", "lifeboat", ObjectStore.MIN_PART_SIZE, 1));
    byte[] raw = segment(7);
    primary.push(TARGET, file(NAMES.get(0)), raw, raw.length);
    String key = primary.key(TARGET, file(NAMES.get(0)));
    Map<String, String> metadata = primary.store().head(key).orElseThrow().metadata();
    primary.store().put(key, "not WAL".getBytes(StandardCharsets.UTF_8), metadata);

    WalCopier.Pass pass = new WalCopier("offsite", primary, offsite).copyMissing(TARGET, false, n -> {});
    assertThat(pass.copied()).isZero();
    assertThat(pass.pending()).isEqualTo(1);
    assertThat(pass.failures()).singleElement().asString().contains(NAMES.get(0)).contains("corrupt in the primary")
        .contains("not copied to offsite");
    assertThat(offsite.contains(TARGET, file(NAMES.get(0)))).isFalse();
  }

  @Test
  void withThePrimaryBucketUnreachableReadsGoToTheCopy() throws Exception {
    WalArchive offsite = archive(s3.store("wal-fallback-copy", "lifeboat", ObjectStore.MIN_PART_SIZE, 1));
    WalArchive primary;
    try (S3ProxyFixture gone = S3ProxyFixture.started()) {
      primary = archive(gone.store("wal-fallback", "lifeboat", ObjectStore.MIN_PART_SIZE, 1));
      byte[] raw = segment(11);
      primary.push(TARGET, file(NAMES.get(0)), raw, raw.length);
      new WalCopier("offsite", primary, offsite).copyMissing(TARGET, false, n -> {});
    }
    WalArchives archives = new WalArchives(primary, Map.of("offsite", offsite), (location, target) -> true);

    WalArchives.Reading reading = archives.reading(TARGET);
    assertThat(reading.location()).isEqualTo("offsite");
    assertThat(reading.primaryProblem()).contains("s3://wal-fallback");
    assertThat(reading.files()).extracting(f -> f.file().name()).containsExactly(NAMES.get(0));
    assertThat(archives.fetch(TARGET, file(NAMES.get(0)))).hasValueSatisfying(b -> assertThat(b).isEqualTo(segment(11)));
    assertThat(archives.fetch(TARGET, file(NAMES.get(1)))).as("the copy answered: not archived").isEmpty();

    WalArchives noneTakesIt = new WalArchives(primary, Map.of("offsite", offsite), (location, target) -> false);
    assertThatThrownBy(() -> noneTakesIt.reading(TARGET)).isInstanceOf(StorageException.class)
        .hasMessageContaining("no location under storage.copies takes target main");
  }
}
