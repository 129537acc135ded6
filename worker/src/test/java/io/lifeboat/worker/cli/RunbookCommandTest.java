package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Signals name their run by its full id; a partial one is refused before any request is sent. The
 * break-glass override goes to its own endpoint, against {@link ScriptedApi} (the API's answers,
 * the admin check included, are tested in the api module).
 */
class RunbookCommandTest {
  private static final String RUN = "runbook:shop-restore:alert-1/5f0c-77";
  private static final String OVERRIDE = "POST /api/v1/runbooks/shop-restore/runs/" + RUN + "/signals/override";

  @Test
  void anOverrideIsSentToItsOwnEndpointWithItsReason() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try (ScriptedApi api = ScriptedApi.onFreePort()
        .answer(OVERRIDE, ScriptedApi.Answer.ok("{\"runId\":\"" + RUN + "\",\"signal\":\"override\",\"by\":\"root\","
            + "\"accepted\":true,\"note\":\"OVERRIDDEN by root: nobody else on call\"}"),
            ScriptedApi.Answer.of(403, "{\"error\":\"bob (approver) may not override an approval: it needs the admin"
                + " role\",\"field\":\"signal\"}"))) {
      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(err, true));

      int accepted = cli.execute("runbook", "override", RUN, "--reason", "nobody else on call", "--api",
          api.uri().toString());
      int refused = cli.execute("runbook", "override", RUN, "--reason", "me", "--api", api.uri().toString());

      assertThat(accepted).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo("override accepted: OVERRIDDEN by root: nobody else on call\n");
      assertThat(refused).isNotZero();
      assertThat(err.toString()).contains("needs the admin role");
      assertThat(api.requests()).containsExactly(OVERRIDE, OVERRIDE);
    } finally {
      System.setOut(stdout);
    }
  }

  @Test
  void theRunbookOfARunIsReadFromItsId() {
    assertThat(RunbookCommand.runbookOf("runbook:shop-restore:alert-1/5f0c-77")).isEqualTo("shop-restore");
  }

  @Test
  void anIdWithoutItsTemporalRunOrOfAnotherKindIsRefusedWithAHint() {
    for (String partial : new String[] {"runbook:shop-restore:alert-1/", "runbook:shop-restore:alert-1",
        "backup:shop/5f0c", "runbook::x/1"}) {
      CliException refused = catchThrowableOfType(CliException.class, () -> RunbookCommand.runbookOf(partial));
      assertThat(refused).as(partial).isNotNull();
      assertThat(refused.getMessage()).isEqualTo("'" + partial + "' is not a runbook run id");
      assertThat(refused.hint()).contains("runbook:<name>:<key>/<Temporal run id>");
    }
  }
}
