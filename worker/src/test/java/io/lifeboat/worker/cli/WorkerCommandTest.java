package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lifeboat worker} whose metrics address is taken: one line and a hint, before anything is connected. */
class WorkerCommandTest {
  @TempDir Path directory;

  @Test
  void aTakenMetricsAddressStopsStartUpInOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path config = Files.writeString(directory.resolve("lifeboat.yml"), """
          storage:
            bucket: lifeboat-backups
          encryption:
            recipients: [/keys/ops.asc]
            signingKey: /keys/signer.sec.asc
          catalog:
            driverClass: org.postgresql.Driver
            url: jdbc:postgresql://127.0.0.1:1/never-reached
          worker:
            metricsAddress: 127.0.0.1:%d
          """.formatted(taken.getLocalPort()));
      StringWriter err = new StringWriter();
      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(err));

      int code = cli.execute("worker", config.toString());

      assertThat(code).isEqualTo(1);
      assertThat(err.toString()).startsWith("error: cannot serve the worker's /metrics on 127.0.0.1:"
          + taken.getLocalPort() + " (").contains("): set worker.metricsAddress to a free host:port, or to \"\" to"
          + " serve none\nhint: see docs/metrics.md");
      assertThat(err.toString().lines()).hasSize(2);
    }
  }
}
