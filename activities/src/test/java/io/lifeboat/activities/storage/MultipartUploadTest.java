package io.lifeboat.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

class MultipartUploadTest {

  private static final int PART = (int) ObjectStore.MIN_PART_SIZE;

  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();

  private static ObjectStore store;
  private static S3Client client;

  @BeforeAll
  static void openStore() {
    store = s3.store("uploads", "", PART, 2);
    client = s3.client();
  }

  @AfterAll
  static void closeStore() {
    store.close();
    client.close();
  }

  @Test
  void uploadsManyPartsThatReadBackInOrder() throws IOException {
    byte[] data = ObjectStoreTest.randomBytes(3 * PART + 12_345, 1);
    try (MultipartUpload upload = store.upload("big")) {
      for (int offset = 0; offset < data.length; offset += 70_001) {
        upload.write(data, offset, Math.min(70_001, data.length - offset));
      }
      assertThat(upload.bytesWritten()).isEqualTo(data.length);
    }

    assertThat(store.get("big")).isEqualTo(data);
    assertThat(pendingUploads()).isZero();
  }

  @Test
  void anObjectOfExactlyOnePartIsComplete() throws IOException {
    byte[] data = ObjectStoreTest.randomBytes(PART, 2);
    try (MultipartUpload upload = store.upload("one-part")) {
      upload.write(data);
    }
    assertThat(store.get("one-part")).isEqualTo(data);
  }

  @Test
  void aSmallObjectIsStoredWholeAndAnEmptyOneToo() throws IOException {
    try (MultipartUpload upload = store.upload("small")) {
      upload.write(new byte[] {1, 2, 3});
    }
    try (MultipartUpload upload = store.upload("empty")) {
      // nothing written
    }
    assertThat(store.get("small")).containsExactly(1, 2, 3);
    assertThat(store.get("empty")).isEmpty();
  }

  @Test
  void abortLeavesNeitherAnObjectNorAnIncompleteUpload() throws IOException {
    MultipartUpload upload = store.upload("aborted");
    upload.write(ObjectStoreTest.randomBytes(2 * PART + 1, 3));

    upload.abort();
    upload.close(); // after abort: does nothing

    assertThat(store.exists("aborted")).isFalse();
    assertThat(pendingUploads()).isZero();
    assertThatThrownBy(() -> upload.write(1)).isInstanceOf(IOException.class).hasMessageContaining("aborted");
  }

  @Test
  void aFailingPartFailsTheUploadAndNothingIsStored() throws IOException {
    MultipartUpload upload = store.upload("doomed");
    upload.write(ObjectStoreTest.randomBytes(PART + 1, 4)); // the upload exists, part 1 is sent
    abortFromOutside("doomed"); // as a lifecycle rule or an operator would: later parts fail

    assertThatThrownBy(() -> {
      upload.write(ObjectStoreTest.randomBytes(PART, 5));
      upload.close();
    }).isInstanceOf(StorageException.class).hasMessageContaining("s3://uploads/doomed");
    assertThat(store.exists("doomed")).isFalse();
  }

  private static int pendingUploads() {
    return client.listMultipartUploads(b -> b.bucket("uploads")).uploads().size();
  }

  private static void abortFromOutside(String key) {
    client.listMultipartUploads(b -> b.bucket("uploads")).uploads().stream()
        .filter(u -> u.key().equals(key))
        .forEach(u -> client.abortMultipartUpload(
            b -> b.bucket("uploads").key(key).uploadId(u.uploadId())));
  }
}
