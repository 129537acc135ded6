package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code lifeboat backups hold|release}: a hold without a reason is refused before any request. */
class BackupsCommandTest {
  @Test
  void holdAndReleaseNeedAReason() {
    for (String action : new String[] {"hold", "release"}) {
      CommandLine cli = Main.commandLine();
      StringWriter err = new StringWriter();
      cli.setErr(new PrintWriter(err));

      int exit = cli.execute("backups", action, "20261122T031500Z-1a2b3c", "--api", "http://127.0.0.1:9");

      assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
      assertThat(err.toString()).contains("Missing required option: '--reason=<reason>'");
    }
  }
}
