package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lifeboat server} without tokens on an address beyond loopback: one line, the fixes, nothing started. */
class ServerCommandTest {
  @TempDir Path directory;

  @Test
  void withoutTokensOnEveryInterfaceItRefusesToStartInOneLine() throws Exception {
    Path config = Files.writeString(directory.resolve("lifeboat.yml"), """
        server:
          applicationConnectors:
            - type: http
              port: 0
          adminConnectors:
            - type: http
              bindHost: 127.0.0.1
              port: 0
        storage:
          bucket: lifeboat-backups
        encryption:
          recipients: [/keys/ops.asc]
          signingKey: /keys/signer.sec.asc
        catalog:
          driverClass: org.postgresql.Driver
          url: jdbc:postgresql://127.0.0.1:1/never-reached
        """);
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("server", config.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: no API tokens are configured (auth.tokens) and"
        + " server.applicationConnectors[0] listens on every interface: anyone reaching it could restore over"
        + " production data; add tokens under auth.tokens (tokenSha256 from `lifeboat token hash`), or set"
        + " bindHost: 127.0.0.1 on every connector of server:\nhint: ");
  }
}
