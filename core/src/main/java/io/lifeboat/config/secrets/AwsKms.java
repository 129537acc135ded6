package io.lifeboat.config.secrets;

import io.lifeboat.config.AwsStoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Secrets kept in a file encrypted under an AWS KMS key, decrypted by KMS into memory only.
 *
 * <p>The file holds one or two lines of base64. The first is a KMS ciphertext blob. With one line,
 * it is the secret itself encrypted by KMS ({@code aws kms encrypt}: up to 4 KiB, enough for a
 * password or a passphrase). With two (envelope encryption, for larger secrets such as an armored
 * RSA key), the first decrypts to a 256-bit data key, and the second is the secret encrypted with
 * that key by AES-256-GCM: a 12-byte nonce followed by the ciphertext and its tag. {@link #seal}
 * writes that form.
 */
public final class AwsKms implements SecretStore {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final AwsStoreConfig config;
  private final KmsClient client;

  AwsKms(AwsStoreConfig config) {
    this(config, AwsClients.build(KmsClient.builder(), config));
  }

  private AwsKms(AwsStoreConfig config, KmsClient client) {
    this.config = config;
    this.client = client;
  }

  /** A client of the KMS that {@code secretStores.aws} names, e.g. to {@link #seal} a secret. */
  public static AwsKms of(AwsStoreConfig config) {
    return new AwsKms(config);
  }

  @Override
  public String read(SecretReference reference) {
    Path file = Path.of(reference.location());
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII).stream().map(String::strip)
          .filter(l -> !l.isEmpty()).toList();
    } catch (IOException e) {
      throw new SecretException("cannot read " + reference + ": the file " + file + " cannot be read (" + e
          + "); write the KMS ciphertext there (base64) or correct the path", e);
    }
    if (lines.isEmpty() || lines.size() > 2) {
      throw new SecretException("cannot read " + reference + ": " + file + " holds " + lines.size() + " lines;"
          + " expected a KMS ciphertext blob in base64 (aws kms encrypt --output text --query CiphertextBlob),"
          + " optionally followed by the AES-GCM ciphertext of an envelope");
    }
    byte[] decrypted = decrypt(reference, base64(reference, lines.get(0)));
    if (lines.size() == 1) {
      return new String(decrypted, StandardCharsets.UTF_8);
    }
    try {
      byte[] sealed = base64(reference, lines.get(1));
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(decrypted, "AES"),
          new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      return new String(aes.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SecretException("cannot read " + reference + ": the envelope in " + file + " does not decrypt with"
          + " its data key (" + e.getClass().getSimpleName() + "); the file is damaged: seal the secret again", e);
    } finally {
      Arrays.fill(decrypted, (byte) 0);
    }
  }

  /**
   * The text of a file that {@link #read} turns back into {@code secret}: a fresh data key from
   * KMS key {@code keyId}, and the secret encrypted with it.
   */
  public String seal(String keyId, String secret) {
    GenerateDataKeyResponse dataKey = client.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256));
    byte[] key = dataKey.plaintext().asByteArray();
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      new SecureRandom().nextBytes(nonce);
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      byte[] ciphertext = aes.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = new byte[NONCE_BYTES + ciphertext.length];
      System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
      System.arraycopy(ciphertext, 0, sealed, NONCE_BYTES, ciphertext.length);
      Base64.Encoder base64 = Base64.getEncoder();
      return base64.encodeToString(dataKey.ciphertextBlob().asByteArray()) + "\n" + base64.encodeToString(sealed)
          + "\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available in this JDK", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private byte[] decrypt(SecretReference reference, byte[] blob) {
    String where = "KMS at " + AwsClients.where(config);
    try {
      return client.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob))).plaintext().asByteArray();
    } catch (KmsException e) {
      throw new SecretException("cannot read " + reference + ": " + where + " refused to decrypt it ("
          + e.awsErrorDetails().errorCode() + "); give Lifeboat's AWS identity kms:Decrypt on the key that"
          + " encrypted it, or seal the secret again under a key it may use", e, e.retryable());
    } catch (SdkClientException e) {
      throw new SecretException("cannot read " + reference + ": " + where + " is unreachable or no AWS credentials"
          + " were found (" + AwsSecretsManager.firstLine(e.getMessage()) + "); check secretStores.aws and the"
          + " AWS credentials", e, true);
    }
  }

  private static byte[] base64(SecretReference reference, String line) {
    try {
      return Base64.getMimeDecoder().decode(line);
    } catch (IllegalArgumentException e) {
      throw new SecretException("cannot read " + reference + ": " + reference.location() + " is not base64 ("
          + e.getMessage() + "); write the KMS ciphertext blob there in base64", e);
    }
  }
}
