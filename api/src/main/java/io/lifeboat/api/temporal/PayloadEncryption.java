package io.lifeboat.api.temporal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lifeboat.config.PayloadKeyConfig;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts every payload Lifeboat writes into Temporal's history with AES-256-GCM, so runbook
 * definitions, parameters and error tails are not readable by whoever can read the history (the
 * Temporal cluster's operators, its database, the web UI). The first configured key encrypts; each
 * payload names its key in its metadata ({@value #KEY_ID}), so retired keys keep decoding the
 * histories they wrote. A payload without the {@value #ENCODING} encoding (written before the codec
 * was turned on) is passed through as it is.
 */
public final class PayloadEncryption implements PayloadCodec {
  public static final String ENCODING = "binary/encrypted";
  public static final String KEY_ID = "encryption-key-id";
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int KEY_BYTES = 32;

  private final String current;
  private final Map<String, SecretKeySpec> keys;
  private final SecureRandom random = new SecureRandom();

  private PayloadEncryption(String current, Map<String, SecretKeySpec> keys) {
    this.current = current;
    this.keys = keys;
  }

  /**
   * @throws IllegalArgumentException naming the key and the fix when a key is not base64 of 32
   *     bytes or an id is listed twice
   */
  public static PayloadEncryption of(List<PayloadKeyConfig> configured) {
    if (configured.isEmpty()) {
      throw new IllegalArgumentException("temporal.payloadKeys is empty: list at least one key "
          + "(id and key: base64 of 32 bytes, e.g. from 'openssl rand -base64 32')");
    }
    Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    for (PayloadKeyConfig key : configured) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(key.getKey().strip());
      } catch (IllegalArgumentException notBase64) {
        bytes = new byte[0];
      }
      if (bytes.length != KEY_BYTES) {
        throw new IllegalArgumentException("temporal.payloadKeys: the key with id '" + key.getId()
            + "' is not base64 of 32 bytes; generate one with 'openssl rand -base64 32'");
      }
      if (keys.put(key.getId(), new SecretKeySpec(bytes, "AES")) != null) {
        throw new IllegalArgumentException("temporal.payloadKeys lists the id '" + key.getId()
            + "' twice; give every key its own id (a payload names the key that encrypted it by id)");
      }
    }
    return new PayloadEncryption(configured.get(0).getId(), keys);
  }

  /** The id of the key that encrypts. */
  public String currentKeyId() {
    return current;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    List<Payload> encoded = new ArrayList<>(payloads.size());
    for (Payload payload : payloads) {
      encoded.add(encrypt(payload));
    }
    return encoded;
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    List<Payload> decoded = new ArrayList<>(payloads.size());
    for (Payload payload : payloads) {
      decoded.add(decrypt(payload));
    }
    return decoded;
  }

  /** Whether {@code payload} was written by this codec (with whatever key). */
  public static boolean encrypted(Payload payload) {
    return ENCODING_BYTES.equals(payload.getMetadataOrDefault(EncodingKeys.METADATA_ENCODING_KEY, ByteString.EMPTY));
  }

  private Payload encrypt(Payload payload) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(current), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(current.getBytes(StandardCharsets.UTF_8));
      sealed = cipher.doFinal(payload.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("could not encrypt a payload with key id '" + current + "': " + e.getMessage(), e);
    }
    return Payload.newBuilder()
        .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ENCODING_BYTES)
        .putMetadata(KEY_ID, ByteString.copyFromUtf8(current))
        .setData(ByteString.copyFrom(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).flip()))
        .build();
  }

  private Payload decrypt(Payload payload) {
    if (!encrypted(payload)) {
      return payload;
    }
    String id = payload.getMetadataOrDefault(KEY_ID, ByteString.EMPTY).toStringUtf8();
    SecretKeySpec key = keys.get(id);
    if (key == null) {
      throw new PayloadCodecException("a payload was encrypted with key id '" + id + "', which temporal.payloadKeys "
          + "does not list (it lists " + String.join(", ", keys.keySet()) + "); add that key back under its id, "
          + "after the current one");
    }
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("a payload encrypted with key id '" + id + "' is truncated (" + data.length
          + " bytes); it was not written by Lifeboat's codec");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
      return Payload.parseFrom(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES));
    } catch (AEADBadTagException wrongKey) {
      throw new PayloadCodecException("a payload encrypted with key id '" + id + "' does not decrypt with the "
          + "configured key of that id: the key was changed under the same id; put the old key back under '" + id
          + "' and give a new key a new id, listed first", wrongKey);
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      throw new PayloadCodecException("could not decrypt a payload with key id '" + id + "': " + e.getMessage(), e);
    }
  }
}
