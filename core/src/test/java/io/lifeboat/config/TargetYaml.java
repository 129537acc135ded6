package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One target, {@code targets.main}, in an otherwise minimal configuration file, read through
 * {@link LifeboatConfigLoader} as the CLI reads it: the same parsing, strictness and validation.
 */
final class TargetYaml {
  static final String NAME = "main";

  private static final String REST_OF_FILE = """
      storage: {bucket: lifeboat-backups}
      encryption: {recipients: [/keys/ops.asc], signingKey: /keys/signer.sec.asc}
      catalog: {driverClass: org.postgresql.Driver, url: "jdbc:postgresql://localhost:5432/lifeboat"}
      targets:
        main:
      """;

  private TargetYaml() {}

  /** {@code target} is the target's keys, unindented, as under {@code targets.main:}. */
  static <T extends TargetConfig> T load(Path directory, Class<T> type, String target)
      throws IOException, ConfigException {
    LifeboatConfiguration config = LifeboatConfigLoader.load(write(directory, target), Map.of());
    return type.cast(config.getTargets().get(NAME));
  }

  /**
   * What the loader says is wrong with {@code target}, without the file's name; fails unless it
   * refuses the file with exactly one problem, on one line.
   */
  static String problem(Path directory, String target) throws IOException {
    Path file = write(directory, target);
    Throwable thrown = catchThrowable(() -> LifeboatConfigLoader.load(file, Map.of()));

    assertThat(thrown).isInstanceOf(ConfigException.class);
    String preamble = "Configuration file " + file + " has an error: ";
    assertThat(thrown.getMessage()).startsWith(preamble).endsWith(".").doesNotContain("\n");
    return thrown.getMessage().substring(preamble.length(), thrown.getMessage().length() - 1);
  }

  private static Path write(Path directory, String target) throws IOException {
    return Files.writeString(directory.resolve("lifeboat.yml"), REST_OF_FILE + target.indent(4));
  }
}
