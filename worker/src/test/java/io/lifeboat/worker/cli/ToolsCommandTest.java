package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.worker.tools.ToolConfigs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lifeboat tools CONFIG} against this machine's real tools, and {@code worker}/{@code server}
 * refusing to start when a target's tools are missing: one line per missing tool, then the error
 * and its hint, before anything is connected (the catalog's port 1 is never reached).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ToolsCommandTest {
  private static final String HINT = "hint: install what each line names (nothing is installed at start-up), then"
      + " check with `lifeboat tools CONFIG`";

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void theToolsOfEveryTargetAreListedWithTheirVersionsAndPaths() throws Exception {
    Path config = ToolConfigs.write(dir, ToolConfigs.POSTGRES + ToolConfigs.REDIS.replace("targets:\n", ""));

    int code = run("tools", config.toString());

    assertThat(code).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).matches("target shop \\(kind postgres\\): pg_dump 15\\.[0-9]+ at /.*/pg_dump");
    assertThat(lines.get(1)).matches("target shop \\(kind postgres\\): pg_restore 15\\.[0-9]+ at /.*/pg_restore");
    assertThat(lines.get(2)).matches("target cache \\(kind redis\\): redis-cli [0-9.]+ at /.*/redis-cli");
    assertThat(lines.get(3)).matches("target cache \\(kind redis\\): redis-server [0-9.]+ at /.*/redis-server");
    assertThat(lines.get(4)).isEqualTo("every tool the targets need is here (4)");
  }

  @Test
  void aMissingToolIsOneLineAndExitsOne() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("pg/bin"));
    Path config = ToolConfigs.write(dir, ToolConfigs.cluster(bin.toString()));

    int code = run("tools", config.toString());

    assertThat(code).isEqualTo(1);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.subList(0, 3)).containsExactly(missing(bin, "pg_basebackup"), missing(bin, "pg_ctl"),
        missing(bin, "postgres"));
    assertThat(lines.get(3)).as("tar is here").matches("target main \\(kind postgres-cluster\\): tar [0-9.]+ at /.*/tar");
    assertThat(err.toString().lines()).containsExactly(
        "error: 3 tools the targets need are missing or too old (above)", HINT);
  }

  @Test
  void jsonSaysWhatWasFoundAndWhatIsMissing() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("pg/bin"));
    Path config = ToolConfigs.write(dir, ToolConfigs.cluster(bin.toString()));

    int code = run("tools", config.toString(), "--json");

    assertThat(code).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.get("tools")).hasSize(4);
    JsonNode basebackup = json.get("tools").get(0);
    assertThat(basebackup.get("target").asText()).isEqualTo("main");
    assertThat(basebackup.get("kind").asText()).isEqualTo("postgres-cluster");
    assertThat(basebackup.get("tool").asText()).isEqualTo(bin.resolve("pg_basebackup").toString());
    assertThat(basebackup.get("path").isNull()).isTrue();
    assertThat(basebackup.get("problem").asText()).isEqualTo(missing(bin, "pg_basebackup"));
    JsonNode tar = json.get("tools").get(3);
    assertThat(tar.get("problem").isNull()).isTrue();
    assertThat(tar.get("version").asText()).matches("[0-9]+\\.[0-9]+");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aWorkerWithoutATargetsToolsDoesNotStart() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("pg/bin"));
    Path config = ToolConfigs.write(dir, ToolConfigs.cluster(bin.toString()));

    int code = run("worker", config.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().lines()).containsExactly(missing(bin, "pg_basebackup"), missing(bin, "pg_ctl"),
        missing(bin, "postgres"),
        "error: 3 tools the targets need are missing or too old (above); nothing was started", HINT);
  }

  @Test
  void aServerWithoutATargetsToolsDoesNotStart() throws Exception {
    Path config = ToolConfigs.write(dir, ToolConfigs.config("no-such-validator"));

    int code = run("server", config.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().lines()).containsExactly("target etc (kind config) needs no-such-validator: it runs as"
        + " one of the target's validators: install it, or change or remove that validator",
        "error: a tool a target needs is missing or too old (above); nothing was started", HINT);
  }

  private static String missing(Path bin, String tool) {
    return "target main (kind postgres-cluster) needs " + bin.resolve(tool) + ": install PostgreSQL's binaries of the"
        + " cluster's major version there, or set binDirectory to where they are";
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
