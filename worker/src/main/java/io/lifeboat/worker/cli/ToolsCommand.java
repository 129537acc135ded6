package io.lifeboat.worker.cli;

import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.tools.InstalledTool;
import io.lifeboat.worker.tools.InstalledTools;
import io.lifeboat.worker.tools.ToolCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lifeboat tools CONFIG}: whether this machine has the programs CONFIG's targets need, the
 * same check a worker makes before it starts, without starting anything. Exits 1 when something
 * is missing or too old, each problem on one line with the package to install.
 */
@Command(name = "tools", description = "Check that this machine has the tools CONFIG's targets need; starts nothing.")
final class ToolsCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CONFIG", description = "the configuration file (see deploy/lifeboat.example.yml)")
  Path config;

  @Option(names = "--json", description = "print JSON for scripts")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    LifeboatConfiguration configuration = Configs.check(config);
    List<ToolCheck.Finding> findings = ToolCheck.run(configuration.getTargets(), InstalledTools.onPath());
    List<String> problems = ToolCheck.problems(findings);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(ClientOptions.json(Map.of("ok", problems.isEmpty(), "tools",
          findings.stream().map(ToolsCommand::json).toList())));
      out.flush();
      return problems.isEmpty() ? 0 : 1;
    }
    for (ToolCheck.Finding f : findings) {
      out.println(f.problem().orElseGet(() -> found(f)));
    }
    out.flush();
    if (!problems.isEmpty()) {
      throw missing(problems, "");
    }
    out.println(findings.isEmpty() ? "no target needs a tool on this machine"
        : "every tool the targets need is here (" + findings.size() + ")");
    out.flush();
    return 0;
  }

  /**
   * Refuses to start a worker that runs activities when a target's tools are missing: it would
   * take backups and restores off the queue only to fail each one. Writes one line per problem to
   * {@code err}, then throws the summary.
   */
  static void requireAtStart(LifeboatConfiguration configuration, PrintWriter err) {
    List<String> problems = ToolCheck.problems(ToolCheck.run(configuration.getTargets(), InstalledTools.onPath()));
    if (!problems.isEmpty()) {
      problems.forEach(err::println);
      err.flush();
      throw missing(problems, "; nothing was started");
    }
  }

  private static CliException missing(List<String> problems, String consequence) {
    return new CliException((problems.size() == 1 ? "a tool a target needs is missing or too old (above)"
        : problems.size() + " tools the targets need are missing or too old (above)") + consequence,
        "install what each line names (nothing is installed at start-up), then check with `lifeboat tools CONFIG`");
  }

  /** {@code target shop (kind postgres): pg_dump 15.18 at /usr/bin/pg_dump}; an operator's command has no version. */
  private static String found(ToolCheck.Finding f) {
    InstalledTool tool = f.found().orElseThrow();
    return "target " + f.requirement().target() + " (kind " + f.requirement().kind() + "): "
        + f.requirement().program() + (tool.version() == null ? "" : " " + tool.version()) + " at " + tool.path();
  }

  private static Map<String, Object> json(ToolCheck.Finding f) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("target", f.requirement().target());
    row.put("kind", f.requirement().kind());
    row.put("tool", f.requirement().program());
    row.put("minimumMajor", f.requirement().minimumMajor());
    row.put("path", f.found().map(t -> t.path().toString()).orElse(null));
    row.put("version", f.found().map(t -> t.version()).orElse(null));
    row.put("problem", f.problem().orElse(null));
    return row;
  }
}
