package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lifeboat restore-plan} refusing what it cannot plan before it opens anything; its plans are
 * tested end to end (KubernetesBackupRestoreEndToEndTest).
 */
@Timeout(30)
class RestorePlanCommandTest {
  @TempDir Path dir;

  @Test
  void refusesATargetOfAnotherKindInOneLineWithAHint() throws Exception {
    Path config = Files.writeString(dir.resolve("lifeboat.yml"), """
        storage:
          bucket: lifeboat-backups
        encryption:
          recipients: [/keys/ops.asc]
          signingKey: /keys/signer.sec.asc
        catalog:
          driverClass: org.postgresql.Driver
          url: jdbc:postgresql://127.0.0.1:1/lifeboat
        targets:
          cache: {kind: redis, rpo: 1h, rto: 1h}
        """);
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("restore-plan", "cache", "--config", config.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("error: target cache is of kind redis; restore-plan plans Kubernetes"
        + " restores\nhint: give a target of kind kubernetes (`lifeboat targets` lists them)\n");
  }
}
