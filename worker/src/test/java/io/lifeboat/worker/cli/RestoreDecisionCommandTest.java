package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code lifeboat restore approve|reject|override} send the decision to the restore's own endpoint,
 * against {@link ScriptedApi} (the API's answers, four-eyes and roles included, are tested in the
 * api module and end to end); a partial run id is refused before any request is sent.
 */
class RestoreDecisionCommandTest {
  private static final String RUN = "restore:shop:shop/5f0c-77";
  private static final String APPROVE = "POST /api/v1/restores/" + RUN + "/signals/approve";

  @Test
  void anApprovalIsSentWithItsReasonAndARefusalSaysWhy() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try (ScriptedApi api = ScriptedApi.onFreePort()
        .answer(APPROVE, ScriptedApi.Answer.ok("{\"runId\":\"" + RUN + "\",\"signal\":\"approve\",\"by\":\"bob\","
            + "\"accepted\":true,\"note\":\"step 'approval'\"}"),
            ScriptedApi.Answer.of(403, "{\"error\":\"four-eyes: alice started this run and cannot approve it\","
                + "\"field\":\"signal\"}"))) {
      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(err, true));

      int accepted = cli.execute("restore", "approve", RUN, "--reason", "checked the ticket", "--api",
          api.uri().toString());
      int refused = cli.execute("restore", "approve", RUN, "--reason", "mine", "--api", api.uri().toString());
      int partial = cli.execute("restore", "approve", "restore:shop:shop", "--reason", "x", "--api",
          api.uri().toString());
      int noBackup = cli.execute("restore", "--target", "shop", "--api", api.uri().toString());

      assertThat(accepted).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("approve accepted: step 'approval'\n");
      assertThat(refused).isNotZero();
      assertThat(partial).isNotZero();
      assertThat(noBackup).isNotZero();
      assertThat(err.toString()).contains("four-eyes: alice started this run and cannot approve it")
          .contains("error: 'restore:shop:shop' is not a restore's run id")
          .contains("error: restore needs the BACKUP to restore");
      assertThat(api.requests()).containsExactly(APPROVE, APPROVE);
    } finally {
      System.setOut(stdout);
    }
  }
}
