package io.lifeboat.runbooks;

import io.lifeboat.workflows.runbook.Runbook;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds runbooks by name: {@code NAME.yaml} in the operator's runbook folder first, so a site can
 * adapt a shipped runbook by copying it there, then the runbooks shipped in this jar.
 */
public final class RunbookLibrary {
  /** The runbooks shipped with Lifeboat (in the jar under {@code runbooks/}). */
  public static final Set<String> SHIPPED = Set.of("postgres-restore", "full-system-restore", "kubernetes-cluster-restore");

  private final Optional<Path> folder;

  private RunbookLibrary(Optional<Path> folder) {
    this.folder = folder;
  }

  public static RunbookLibrary shippedOnly() {
    return new RunbookLibrary(Optional.empty());
  }

  public static RunbookLibrary withFolder(Path folder) {
    return new RunbookLibrary(Optional.of(folder));
  }

  /** Every runbook name there is, shipped or the operator's. */
  public Set<String> names() {
    Set<String> names = new TreeSet<>(SHIPPED);
    folder.filter(Files::isDirectory).ifPresent(dir -> {
      try (Stream<Path> files = Files.list(dir)) {
        files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
            .forEach(f -> names.add(f.substring(0, f.length() - ".yaml".length())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return names;
  }

  /** The runbook's YAML as written, or empty when there is no runbook of that name. */
  public Optional<String> source(String name) {
    if (!name.matches("[a-z0-9][a-z0-9-]*")) {
      return Optional.empty();
    }
    Optional<Path> own = folder.map(dir -> dir.resolve(name + ".yaml")).filter(Files::isRegularFile);
    try {
      if (own.isPresent()) {
        return Optional.of(Files.readString(own.get()));
      }
      try (InputStream shipped = RunbookLibrary.class.getResourceAsStream("/runbooks/" + name + ".yaml")) {
        return shipped == null ? Optional.empty() : Optional.of(new String(shipped.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The validated runbook, or empty when there is none of that name. */
  public Optional<Runbook> load(String name) throws RunbookValidationException {
    Optional<String> yaml = source(name);
    return yaml.isEmpty() ? Optional.empty() : Optional.of(RunbookParser.parse(name + ".yaml", yaml.get()));
  }
}
