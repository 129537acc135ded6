package io.lifeboat.worker.tools;

import io.lifeboat.activities.process.CommandOutput;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The programs on this machine, looked up as the worker's children will find them: a bare name on
 * {@code PATH}, an absolute path as it is. Each tool Lifeboat runs is asked its version once; one
 * that does not answer within a few seconds counts as found with an {@code unknown} version.
 */
public final class InstalledTools {
  private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);
  /** What a program is asked for its version, where it is not {@code --version}. */
  private static final Map<String, List<String>> VERSION_ARGUMENTS = Map.of(
      "haproxy", List.of("-v"),
      "etcdctl", List.of("version"));

  private final List<Path> path;
  private final Map<String, Optional<InstalledTool>> found = new ConcurrentHashMap<>();

  /** @param pathVariable a {@code PATH} value: directories separated by the platform's separator */
  public InstalledTools(String pathVariable) {
    List<Path> directories = new ArrayList<>();
    for (String entry : (pathVariable == null ? "" : pathVariable).split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        directories.add(Path.of(entry));
      }
    }
    this.path = List.copyOf(directories);
  }

  /** The tools on this process's own {@code PATH}. */
  public static InstalledTools onPath() {
    return new InstalledTools(System.getenv("PATH"));
  }

  /** {@code program} (a name or an absolute path) with its version, if it is here and executable. */
  public Optional<InstalledTool> find(String program) {
    return found.computeIfAbsent(program, p -> locate(p).map(t -> new InstalledTool(t.name(), t.path(),
        version(t.path(), t.name()))));
  }

  /**
   * {@code program}, if it is here and executable, without running it (its version {@code null}):
   * for an operator's own command (a hook, a validator), which may do its work whatever it is asked.
   */
  public Optional<InstalledTool> locate(String program) {
    Optional<Path> where = program.contains("/") ? Optional.of(Path.of(program)).filter(InstalledTools::runnable)
        : path.stream().map(dir -> dir.resolve(program)).filter(InstalledTools::runnable).findFirst();
    return where.map(p -> new InstalledTool(Path.of(program).getFileName().toString(), p, null));
  }

  private static boolean runnable(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }

  private static String version(Path program, String name) {
    List<String> command = new ArrayList<>(List.of(program.toString()));
    command.addAll(VERSION_ARGUMENTS.getOrDefault(name, List.of("--version")));
    try {
      return CommandOutput.run(command, VERSION_TIMEOUT)
          .map(out -> InstalledTool.versionIn(out.output().lines().findFirst().orElse("")))
          .orElse(InstalledTool.UNKNOWN);
    } catch (IOException e) {
      return InstalledTool.UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return InstalledTool.UNKNOWN;
    }
  }
}
