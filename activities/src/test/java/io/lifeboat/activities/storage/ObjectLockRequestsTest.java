package io.lifeboat.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;

/**
 * The exact S3 requests of Object Lock: lock headers and the CRC32 S3 requires on every locked
 * write (single PUT and multipart), GetObjectRetention read back, and PutObjectLegalHold. S3Proxy
 * does not implement Object Lock, so these run against {@link ObjectLockS3}, which answers like
 * S3 at the HTTP level.
 */
class ObjectLockRequestsTest {
  private static final Instant NOW = Instant.parse("2026-11-22T03:15:00.250Z");
  private static final String UNTIL = "2026-12-22T03:15:00Z";

  private ObjectLockS3 s3;
  private ObjectStore store;

  @BeforeEach
  void start() throws IOException {
    s3 = new ObjectLockS3();
    store = new ObjectStore(ObjectStore.client(s3.endpoint(), "us-east-1", "key", "secret", true), "vault", "",
        ObjectStore.MIN_PART_SIZE, 2,
        new ObjectLock(ObjectLockMode.COMPLIANCE, Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC)), null);
  }

  @AfterEach
  void stop() {
    store.close();
    s3.close();
  }

  @Test
  void aSmallObjectIsWrittenLockedWithItsChecksum() {
    store.put("t/pg-dump/b1/manifest.json", "{}".getBytes());

    assertThat(s3.requests("PUT", "/vault/t/pg-dump/b1/manifest.json")).singleElement().satisfies(r -> {
      assertThat(r.header("x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
      assertThat(r.header("x-amz-object-lock-retain-until-date")).isEqualTo(UNTIL);
      assertThat(r.carriesChecksum()).isTrue();
    });
  }

  @Test
  void aMultipartObjectIsLockedFromItsCreationAndEveryPartCarriesItsChecksum() throws IOException {
    byte[] data = new byte[(int) ObjectStore.MIN_PART_SIZE + 1000];
    Arrays.fill(data, (byte) 7);
    try (MultipartUpload upload = store.upload("t/pg-dump/b1/dump.zst.pgp")) {
      upload.write(data);
    }

    assertThat(s3.requests("POST", "?uploads")).singleElement().satisfies(r -> {
      assertThat(r.header("x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
      assertThat(r.header("x-amz-object-lock-retain-until-date")).isEqualTo(UNTIL);
      assertThat(r.header("x-amz-checksum-algorithm")).isEqualTo("CRC32");
    });
    assertThat(s3.requests("PUT", "partNumber=")).hasSize(2).allSatisfy(r -> assertThat(r.carriesChecksum()).isTrue());
    assertThat(s3.requests("POST", "uploadId=upload-1")).singleElement()
        .satisfies(r -> assertThat(r.body().split("<ChecksumCRC32>", -1)).hasSize(3));
  }

  @Test
  void theRetentionIsReadBackAndAnUnlockedObjectHasNone() {
    store.put("t/pg-dump/b1/manifest.json", "{}".getBytes());

    assertThat(store.retention("t/pg-dump/b1/manifest.json")).get()
        .extracting(ObjectLockRetention::mode, ObjectLockRetention::retainUntilDate)
        .containsExactly(software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode.COMPLIANCE,
            Instant.parse(UNTIL));
    assertThat(store.retention("t/pg-dump/b2/manifest.json")).isEmpty();
    assertThat(s3.requests("GET", "?retention")).hasSize(2);
  }

  @Test
  void aLegalHoldIsPlacedAndReleased() {
    store.legalHold("t/pg-dump/b1/dump.zst.pgp", true);
    assertThat(s3.legalHold("/vault/t/pg-dump/b1/dump.zst.pgp")).isEqualTo("ON");
    store.legalHold("t/pg-dump/b1/dump.zst.pgp", false);
    assertThat(s3.legalHold("/vault/t/pg-dump/b1/dump.zst.pgp")).isEqualTo("OFF");
    assertThat(s3.requests("PUT", "?legal-hold")).hasSize(2).allSatisfy(r -> assertThat(
        r.header("content-md5") != null || r.carriesChecksum()).as("S3 requires a checksum here").isTrue());
  }
}
