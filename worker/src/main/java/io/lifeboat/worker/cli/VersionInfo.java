package io.lifeboat.worker.cli;

import io.lifeboat.worker.tools.BuildInfo;
import io.lifeboat.worker.tools.InstalledTool;
import io.lifeboat.worker.tools.InstalledTools;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lifeboat --version}: this build's version and commit, then the version of every tool a
 * target kind, a runbook or a break-glass restore may run, as found on this machine's {@code PATH}
 * ({@code not found} for the others). With {@code --json}, the same as one JSON object.
 */
final class VersionInfo implements IVersionProvider {
  /** The tools an operator asks about: the kinds' (docs/sources.md), the break-glass restore's (gpg, zstd, psql). */
  static final List<String> TOOLS = List.of("pg_dump", "pg_restore", "psql", "pg_basebackup", "redis-cli",
      "redis-server", "haproxy", "gpg", "zstd", "etcdctl");

  @Spec CommandSpec spec;

  @Override
  public String[] getVersion() {
    return lines(BuildInfo.current(), InstalledTools.onPath(), json()).toArray(String[]::new);
  }

  private boolean json() {
    return spec != null && spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption("--json");
  }

  static List<String> lines(BuildInfo build, InstalledTools installed, boolean json) {
    Map<String, Optional<InstalledTool>> found = new LinkedHashMap<>();
    TOOLS.forEach(tool -> found.put(tool, installed.find(tool)));
    if (json) {
      Map<String, Object> tools = new LinkedHashMap<>();
      found.forEach((name, tool) -> tools.put(name, tool.map(t -> (Object) Map.of("version", t.version(),
          "path", t.path().toString())).orElse(null)));
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("lifeboat", build.version());
      all.put("commit", build.commit());
      all.put("tools", tools);
      return List.of(ClientOptions.json(all));
    }
    int width = TOOLS.stream().mapToInt(String::length).max().orElse(0);
    List<String> lines = new ArrayList<>(List.of(build.line()));
    found.forEach((name, tool) -> lines.add("  " + pad(name, width) + "  "
        + tool.map(t -> t.version() + "  " + t.path()).orElse("not found")));
    return lines;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
