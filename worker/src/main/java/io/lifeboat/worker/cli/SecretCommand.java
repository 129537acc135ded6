package io.lifeboat.worker.cli;

import io.lifeboat.config.AwsStoreConfig;
import io.lifeboat.config.secrets.AwsKms;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

@Command(name = "secret", description = "Secrets for the secret stores the configuration reads.",
    subcommands = SecretCommand.Seal.class)
final class SecretCommand {
  @Command(name = "seal", description = "Read a secret (an armored key, a password) from standard input and print it"
      + " sealed under an AWS KMS key, for an aws-kms:<file> reference: a data key from KMS, encrypted by KMS, and the"
      + " secret encrypted with it (AES-256-GCM). Example: `lifeboat secret seal --kms-key alias/lifeboat"
      + " --region eu-north-1 < backup.sec.asc > backup.sec.asc.kms`, then destroy the clear copy.")
  static final class Seal implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--kms-key", required = true, description = "KMS key id, ARN or alias/NAME")
    String kmsKey;

    @Option(names = "--region", required = true, description = "AWS region of the key")
    String region;

    @Option(names = "--endpoint", description = "endpoint of a KMS-compatible service in place of AWS's")
    URI endpoint;

    @Override
    public Integer call() throws IOException {
      String secret = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      if (secret.isBlank()) {
        throw new CliException("no secret on standard input",
            "lifeboat secret seal --kms-key KEY --region REGION < backup.sec.asc > backup.sec.asc.kms");
      }
      AwsStoreConfig aws = new AwsStoreConfig();
      aws.setRegion(region);
      aws.setEndpoint(endpoint);
      String sealed;
      try {
        sealed = AwsKms.of(aws).seal(kmsKey, secret);
      } catch (SdkException e) {
        throw new CliException("KMS did not give a data key for " + kmsKey + ": "
            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
            "check the key id, the region and that your AWS identity may call kms:GenerateDataKey on it");
      }
      spec.commandLine().getOut().print(sealed);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
