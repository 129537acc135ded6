package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.worker.tools.BuildInfo;
import io.lifeboat.worker.tools.InstalledTools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lifeboat --version}: the build's version and commit from the jar (filtered at build time),
 * then each tool with the version the real one on this machine reports.
 */
class VersionCommandTest {
  @TempDir Path emptyPath;

  @Test
  void theVersionTheCommitAndTheRealPgDumpsVersion() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));

    int code = cli.execute("--version");

    assertThat(code).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).matches("lifeboat 0\\.1\\.0-SNAPSHOT \\(commit ([0-9a-f]{7,}|unknown)\\)");
    assertThat(lines.get(0)).as("the commit this was built from").contains("(commit " + headCommit() + ")");
    assertThat(lines).hasSize(1 + VersionInfo.TOOLS.size());
    String pgDump = realVersion("pg_dump"); // "pg_dump (PostgreSQL) 15.18 (Debian …)"
    assertThat(lines.get(1)).startsWith("  pg_dump ").contains(" " + pgDump.split(" ")[2] + "  /");
    assertThat(lines).anySatisfy(line -> assertThat(line).matches("  zstd +1\\.[0-9.]+  /.*/zstd"));
  }

  @Test
  void jsonForScripts() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));

    int code = cli.execute("--version", "--json");

    assertThat(code).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("lifeboat").asText()).isEqualTo("0.1.0-SNAPSHOT");
    assertThat(json.get("commit").asText()).matches("[0-9a-f]{7,}|unknown");
    assertThat(json.get("tools").get("pg_dump").get("version").asText())
        .isEqualTo(realVersion("pg_dump").split(" ")[2]);
    assertThat(json.get("tools").size()).isEqualTo(VersionInfo.TOOLS.size());
  }

  @Test
  void aToolNotOnThePathIsNotFound() {
    List<String> lines = VersionInfo.lines(new BuildInfo("1.2.3", "abcdef1"),
        new InstalledTools(emptyPath.toString()), false);

    assertThat(lines).containsExactly("lifeboat 1.2.3 (commit abcdef1)",
        "  pg_dump        not found",
        "  pg_restore     not found",
        "  psql           not found",
        "  pg_basebackup  not found",
        "  redis-cli      not found",
        "  redis-server   not found",
        "  haproxy        not found",
        "  gpg            not found",
        "  zstd           not found",
        "  etcdctl        not found");
  }

  /** The checkout's HEAD, as the build read it; {@code unknown} outside a git checkout. */
  private static String headCommit() throws Exception {
    Process p = new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return p.waitFor() == 0 ? out : "unknown";
  }

  private static String realVersion(String tool) throws Exception {
    Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
    String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
        .orElseThrow();
    p.waitFor();
    return first;
  }
}
