package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.config.SecretStoresConfig;
import io.lifeboat.config.secrets.SecretStores;
import io.lifeboat.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** {@code lifeboat secret seal} against moto's KMS: what it prints, an aws-kms: reference reads back. */
@Timeout(120)
class SecretCommandTest {
  @TempDir static Path dir;
  private static MotoServer moto;
  private static String kmsKey;

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start(dir.resolve("moto"));
    try (KmsClient kms = KmsClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(moto.endpoint())
        .build()) {
      kmsKey = kms.createKey(r -> r.description("lifeboat")).keyMetadata().keyId();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    moto.close();
  }

  @Test
  void sealsWhatAnAwsKmsReferenceReadsBack() throws Exception {
    String key = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n" + "x".repeat(5000) + "\n";

    Run run = run(key, "--kms-key", kmsKey, "--region", MotoServer.REGION, "--endpoint", moto.endpoint().toString());

    assertThat(run.code()).isZero();
    assertThat(run.out()).doesNotContain("BEGIN PGP").hasLineCount(2);
    Path sealed = Files.writeString(dir.resolve("key.asc.kms"), run.out());
    SecretStoresConfig config = new SecretStoresConfig();
    config.setAws(moto.config());
    assertThat(new SecretStores(config, Map.of()).read("aws-kms:" + sealed)).isEqualTo(key);
  }

  @Test
  void anUnknownKmsKeyIsOneLineWithWhatToCheck() {
    Run run = run("secret", "--kms-key", "alias/nothing", "--region", MotoServer.REGION,
        "--endpoint", moto.endpoint().toString());

    assertThat(run.code()).isNotZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("KMS did not give a data key for alias/nothing")
        .contains("check the key id, the region and that your AWS identity may call kms:GenerateDataKey on it")
        .doesNotContain("secret\n");
  }

  private static Run run(String stdin, String... args) {
    InputStream original = System.in;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      picocli.CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      String[] all = new String[args.length + 2];
      all[0] = "secret";
      all[1] = "seal";
      System.arraycopy(args, 0, all, 2, args.length);
      return new Run(cli.execute(all), out.toString(), err.toString());
    } finally {
      System.setIn(original);
    }
  }
}
