package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code lifeboat token hash}: the hex SHA-256 that auth.tokens[].tokenSha256 takes, as sha256sum prints it. */
class TokenCommandTest {
  // printf %s approver-token-0123456789 | sha256sum
  private static final String SHA256 = "0a84d2b42766051f86a50320eb47e11182fe6ffa8ac80cd201bc6dc18ea2e807";

  record Run(int code, String out, String err) {}

  private static Run run(String stdin) {
    InputStream original = System.in;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      return new Run(cli.execute("token", "hash"), out.toString(), err.toString());
    } finally {
      System.setIn(original);
    }
  }

  @Test
  void printsTheHexSha256OfTheTokenWithOrWithoutTheLineBreakEchoAdds() {
    assertThat(run("approver-token-0123456789")).isEqualTo(new Run(0, SHA256 + System.lineSeparator(), ""));
    assertThat(run("approver-token-0123456789\n").out()).isEqualTo(SHA256 + System.lineSeparator());
    assertThat(run("approver-token-0123456789\r\n").out()).isEqualTo(SHA256 + System.lineSeparator());
  }

  @Test
  void refusesWhatCannotBeABearerToken() {
    assertThat(run("")).satisfies(r -> {
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).startsWith("error: no token on standard input\nhint: ");
    });
    assertThat(run("short-token\n").err()).startsWith("error: the token is 11 characters long; the API accepts 16");
    assertThat(run("first-token-0123456789\nsecond-token-0123456789\n").err()).contains("line break");
    assertThat(run(" spaced-token-0123456789").err()).contains("without surrounding spaces");
    assertThat(run("").out()).isEmpty();
  }
}
