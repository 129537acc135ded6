package io.lifeboat.activities.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSignerTest {

  private static final byte[] MANIFEST =
      "{\"formatVersion\":1,\"backupId\":\"20250101T000000Z\"}\n".getBytes(StandardCharsets.UTF_8);

  private final ManifestSigner signer = new ManifestSigner(TestKeys.alice().secretKeys());

  @Test
  void gpgAcceptsTheSignature(@TempDir Path dir) throws Exception {
    Path manifest = Files.write(dir.resolve("manifest.json"), MANIFEST);
    Path signature = Files.write(dir.resolve("manifest.json.sig"), signer.sign(MANIFEST));

    try (Gpg gpg = Gpg.withTemporaryHome()) {
      assertThat(gpg.importKey(TestKeys.alice().publicKeyFile()).exitCode()).isZero();
      Gpg.Result verified = gpg.run("--verify", signature.toString(), manifest.toString());

      assertThat(verified.exitCode()).as(verified.describe()).isZero();
      assertThat(verified.stderr()).contains("Good signature").contains(TestKeys.alice().fingerprint());
    }
  }

  @Test
  void gpgRejectsATamperedManifest(@TempDir Path dir) throws Exception {
    Path signature = Files.write(dir.resolve("manifest.json.sig"), signer.sign(MANIFEST));
    Path manifest = Files.write(dir.resolve("manifest.json"), tampered());

    try (Gpg gpg = Gpg.withTemporaryHome()) {
      gpg.importKey(TestKeys.alice().publicKeyFile());
      Gpg.Result verified = gpg.run("--verify", signature.toString(), manifest.toString());

      assertThat(verified.exitCode()).as(verified.describe()).isNotZero();
      assertThat(verified.stderr()).contains("BAD signature");
    }
  }

  @Test
  void verifiesItsOwnSignatureAndNamesTheSigner() {
    byte[] signature = signer.sign(MANIFEST);

    assertThat(signer.verify(MANIFEST, signature)).isEqualTo(TestKeys.alice().fingerprint());
    assertThat(ManifestSigner.verify(MANIFEST, signature, TestKeys.alice().publicKeys()))
        .isEqualTo(signer.signerFingerprint());
  }

  @Test
  void aTamperedManifestFailsWithBadSignature() {
    byte[] signature = signer.sign(MANIFEST);

    assertThatThrownBy(() -> signer.verify(tampered(), signature))
        .isInstanceOf(BadSignatureException.class)
        .hasMessageContaining("does not match the manifest")
        .hasMessageContaining(TestKeys.alice().fingerprint());
  }

  @Test
  void aSignatureByAnUntrustedKeyFails() {
    byte[] signature = new ManifestSigner(TestKeys.mallory().secretKeys()).sign(MANIFEST);

    assertThatThrownBy(() -> signer.verify(MANIFEST, signature))
        .isInstanceOf(BadSignatureException.class)
        .hasMessageContaining("not one of the trusted signing keys")
        .hasMessageContaining(TestKeys.alice().fingerprint());
  }

  @Test
  void somethingThatIsNotASignatureFails() {
    byte[] garbage = "not a signature".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ManifestSigner.verify(MANIFEST, garbage, List.of()))
        .isInstanceOf(BadSignatureException.class)
        .hasMessageContaining("not a detached OpenPGP signature");
  }

  private static byte[] tampered() {
    return new String(MANIFEST, StandardCharsets.UTF_8)
        .replace("20250101", "20250102")
        .getBytes(StandardCharsets.UTF_8);
  }
}
