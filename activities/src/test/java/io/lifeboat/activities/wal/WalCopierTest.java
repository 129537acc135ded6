package io.lifeboat.activities.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.activities.storage.StorageException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

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
        new ArtifactReader(store, List.of(TestKeys.alice().secretKeys())), TestKeys.alice().walSignatures());
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

  @Test
  void eachArchivedFileIsCopiedWithoutAListingAndPassesListOnlyFromTheNewestFileKnownCopied() {
    List<ListObjectsV2Request> listings = new CopyOnWriteArrayList<>();
    WalArchive primary = archive(new ObjectStore(countingListings(listings), "wal-direct", "lifeboat",
        ObjectStore.MIN_PART_SIZE, 1));
    s3.store("wal-direct", "lifeboat", ObjectStore.MIN_PART_SIZE, 1); // creates the bucket
    s3.store("wal-direct-copy", "copy", ObjectStore.MIN_PART_SIZE, 1);
    WalArchive offsite = archive(new ObjectStore(countingListings(listings), "wal-direct-copy", "copy",
        ObjectStore.MIN_PART_SIZE, 1));
    for (int i = 0; i < NAMES.size(); i++) {
      byte[] raw = segment(i);
      primary.push(TARGET, file(NAMES.get(i)), raw, raw.length);
    }
    WalCopier copier = new WalCopier("offsite", primary, offsite);
    assertThat(copier.copyMissing(TARGET, false, n -> {}).copied()).isEqualTo(3);
    assertThat(listings).as("the first pass lists both archives whole").hasSize(2)
        .allSatisfy(l -> assertThat(l.startAfter()).isNull());
    listings.clear();

    WalFileName fourth = file("000000010000000000000004");
    byte[] raw = segment(4);
    primary.push(TARGET, fourth, raw, raw.length);
    WalCopier.Pass direct = copier.copyArchived(TARGET, fourth, Instant.now());
    assertThat(direct.copied()).isEqualTo(1);
    assertThat(direct.pending()).isZero();
    assertThat(direct.newestCopied()).isEqualTo(fourth.name());
    assertThat(listings).as("a file just archived is copied without listing anything").isEmpty();
    assertThat(offsite.fetch(TARGET, fourth)).hasValueSatisfying(b -> assertThat(b).isEqualTo(raw));
    assertThat(copier.copyArchived(TARGET, fourth, Instant.now()).alreadyThere()).as("idempotent").isEqualTo(1);

    WalCopier.Pass catchUp = copier.catchUp(TARGET);
    assertThat(catchUp.files()).as("only what sorts after the newest file known copied").isEqualTo(1);
    assertThat(catchUp.copied()).isZero();
    assertThat(listings).extracting(ListObjectsV2Request::startAfter).containsExactly(
        primary.key(TARGET, file(NAMES.get(2))), offsite.key(TARGET, file(NAMES.get(2))));
    listings.clear();
    copier.catchUp(TARGET);
    assertThat(listings).extracting(ListObjectsV2Request::startAfter).as("from the fourth on, now")
        .containsExactly(primary.key(TARGET, fourth), offsite.key(TARGET, fourth));
  }

  @Test
  void aFileArchivedOutOfKeyOrderWhoseCopyFailedStaysPendingAndEachPassRetriesIt() {
    WalArchive primary = archive(s3.store("wal-late", "lifeboat", ObjectStore.MIN_PART_SIZE, 1));
    WalArchive offsite = archive(s3.store("wal-late-copy", "lifeboat", ObjectStore.MIN_PART_SIZE, 1));
    for (int i = 0; i < NAMES.size(); i++) {
      byte[] raw = segment(i);
      primary.push(TARGET, file(NAMES.get(i)), raw, raw.length);
    }
    WalCopier copier = new WalCopier("offsite", primary, offsite);
    copier.copyMissing(TARGET, false, n -> {});
    // The .partial of an earlier segment sorts before the newest file copied: passes listing from there miss it.
    WalFileName partial = file(NAMES.get(1) + ".partial");
    byte[] raw = segment(21);
    primary.push(TARGET, partial, raw, raw.length);
    String key = primary.key(TARGET, partial);
    byte[] stored = primary.store().get(key);
    Map<String, String> metadata = primary.store().head(key).orElseThrow().metadata();
    primary.store().put(key, "not WAL".getBytes(StandardCharsets.UTF_8), metadata);
    Instant archivedAt = Instant.parse("2026-12-04T03:15:00Z");

    WalCopier.Pass failed = copier.copyArchived(TARGET, partial, archivedAt);
    assertThat(failed.failures()).singleElement().asString().contains(partial.name()).contains("corrupt in the primary");
    assertThat(failed.pending()).isEqualTo(1);
    assertThat(failed.oldestPendingAt()).isEqualTo(archivedAt);
    WalCopier.Pass stillPending = copier.catchUp(TARGET);
    assertThat(stillPending.pending()).as("the lag counts it until it is copied").isEqualTo(1);
    assertThat(stillPending.oldestPendingAt()).isEqualTo(archivedAt);
    assertThat(stillPending.failures()).singleElement().asString().contains(partial.name());

    primary.store().put(key, stored, metadata);
    WalCopier.Pass retried = copier.catchUp(TARGET);
    assertThat(retried.copied()).isEqualTo(1);
    assertThat(retried.pending()).isZero();
    assertThat(retried.oldestPendingAt()).isNull();
    assertThat(offsite.fetch(TARGET, partial)).hasValueSatisfying(b -> assertThat(b).isEqualTo(raw));
  }

  /** S3Proxy's own client, recording each listing asked for (with its start-after key). */
  private static S3Client countingListings(List<ListObjectsV2Request> listings) {
    S3Client real = s3.client();
    return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
        (proxy, method, args) -> {
          if (method.getName().equals("listObjectsV2Paginator") && args != null && args[0] instanceof Consumer<?> c) {
            ListObjectsV2Request.Builder builder = ListObjectsV2Request.builder();
            @SuppressWarnings("unchecked") Consumer<ListObjectsV2Request.Builder> consumer =
                (Consumer<ListObjectsV2Request.Builder>) c;
            consumer.accept(builder);
            listings.add(builder.build());
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
