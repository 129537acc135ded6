package io.lifeboat.api.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.config.PayloadKeyConfig;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.common.converter.RawValue;
import io.temporal.failure.ApplicationFailure;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PayloadEncryptionTest {
  private static final String SECRET = "hunter2-SECRET-xyz";
  private static final PayloadKeyConfig NEW = new PayloadKeyConfig("k2", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
  private static final PayloadKeyConfig OLD = new PayloadKeyConfig("k1", "HxgdHBsaGRgXFhUUExIREA8ODQwLCgkIBwYFBAMCAQA=");

  @Test
  void theFirstKeyEncryptsNamingItselfAndEveryListedKeyDecrypts() {
    Payload clear = clear(Map.of("password", SECRET));
    Payload withOld = PayloadEncryption.of(List.of(OLD)).encode(List.of(clear)).get(0);
    PayloadEncryption rotated = PayloadEncryption.of(List.of(NEW, OLD));

    Payload withNew = rotated.encode(List.of(clear)).get(0);

    assertThat(withNew.getMetadataMap()).containsEntry("encoding", utf8("binary/encrypted"))
        .containsEntry("encryption-key-id", utf8("k2")).hasSize(2);
    assertThat(withNew.getData().toStringUtf8()).doesNotContain(SECRET);
    assertThat(withOld.getMetadataMap()).containsEntry("encryption-key-id", utf8("k1"));
    assertThat(rotated.decode(List.of(withNew, withOld))).containsExactly(clear, clear);
    assertThat(rotated.encode(List.of(clear)).get(0).getData()).as("a fresh nonce every time")
        .isNotEqualTo(withNew.getData());
  }

  @Test
  void aPayloadWrittenBeforeEncryptionPassesThrough() {
    Payload clear = clear("written in clear");

    assertThat(PayloadEncryption.of(List.of(NEW)).decode(List.of(clear))).containsExactly(clear);
  }

  @Test
  void aKeyChangedUnderTheSameIdIsNamedAndNothingIsReturned() {
    Payload encrypted = PayloadEncryption.of(List.of(NEW)).encode(List.of(clear(SECRET))).get(0);
    PayloadEncryption changed = PayloadEncryption.of(List.of(new PayloadKeyConfig("k2", OLD.getKey())));

    assertThatThrownBy(() -> changed.decode(List.of(encrypted)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessage("a payload encrypted with key id 'k2' does not decrypt with the configured key of that id: the key "
            + "was changed under the same id; put the old key back under 'k2' and give a new key a new id, listed first");
  }

  @Test
  void aRetiredKeyThatIsNoLongerListedIsNamed() {
    Payload encrypted = PayloadEncryption.of(List.of(OLD)).encode(List.of(clear(SECRET))).get(0);

    assertThatThrownBy(() -> PayloadEncryption.of(List.of(NEW)).decode(List.of(encrypted)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessage("a payload was encrypted with key id 'k1', which temporal.payloadKeys does not list (it lists k2); "
            + "add that key back under its id, after the current one");
  }

  @Test
  void unusableKeysAreRefusedWithTheFix() {
    assertThatThrownBy(() -> PayloadEncryption.of(List.of(new PayloadKeyConfig("short", "c2hvcnQ="))))
        .hasMessage("temporal.payloadKeys: the key with id 'short' is not base64 of 32 bytes; generate one with "
            + "'openssl rand -base64 32'");
    assertThatThrownBy(() -> PayloadEncryption.of(List.of(new PayloadKeyConfig("text", "not base64 at all!"))))
        .hasMessageContaining("the key with id 'text' is not base64 of 32 bytes");
    assertThatThrownBy(() -> PayloadEncryption.of(List.of(NEW, new PayloadKeyConfig("k2", OLD.getKey()))))
        .hasMessage("temporal.payloadKeys lists the id 'k2' twice; give every key its own id (a payload names the key "
            + "that encrypted it by id)");
  }

  @Test
  void argumentsResultsAndFailuresAreEncryptedWhileSummariesStayReadable() {
    SummariesInClear converter = SummariesInClear.around(PayloadEncryption.of(List.of(NEW)));

    Payloads arguments = converter.toPayloads(Map.of("password", SECRET), 42).orElseThrow();
    Payload summary = converter.toPayload("restore shop beside shop_copy").orElseThrow();
    Failure failure = converter.exceptionToFailure(
        ApplicationFailure.newFailure("pg_restore: row (" + SECRET + ") violates a constraint", "RestoreFailed",
            SECRET));

    assertThat(arguments.getPayloadsList()).allSatisfy(p -> assertThat(PayloadEncryption.encrypted(p)).isTrue());
    assertThat(arguments.toString() + failure).doesNotContain(SECRET);
    assertThat(summary.getData().toStringUtf8()).isEqualTo("\"restore shop beside shop_copy\"");
    Payload currentDetails = clear(Map.of("currentDetails", "restore: restored into shop_copy"));
    assertThat(converter.toPayloads(new RawValue(currentDetails)).orElseThrow().getPayloads(0))
        .as("the web UI's metadata query, answered by the SDK").isEqualTo(currentDetails);
    assertThat(converter.fromPayloads(0, Optional.of(arguments), Map.class, Map.class)).isEqualTo(Map.of("password", SECRET));
    assertThat(converter.fromPayload(summary, String.class, String.class)).isEqualTo("restore shop beside shop_copy");
    assertThat(converter.failureToException(failure)).hasMessageContaining(SECRET);
  }

  private static Payload clear(Object value) {
    return GlobalDataConverter.get().toPayload(value).orElseThrow();
  }

  private static com.google.protobuf.ByteString utf8(String text) {
    return com.google.protobuf.ByteString.copyFrom(text, StandardCharsets.UTF_8);
  }
}
