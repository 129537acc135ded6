package io.lifeboat.activities.drill;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lifeboat.workflows.drill.DrillEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code <drill>/environment.json}: what a drill's prepare made, so that a retry finds it again,
 * {@code destination()} resolves its places, and a worker restarted meanwhile still knows them.
 * Written whole to a temporary file, then renamed: a reader never sees half of it.
 */
final class EnvironmentFile {
  static final String NAME = "environment.json";
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private EnvironmentFile() {}

  /** The environment recorded in {@code drillDirectory}, or empty when there is none (or it cannot be read). */
  static Optional<DrillEnvironment> read(Path drillDirectory) {
    Path file = drillDirectory.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readValue(file.toFile(), DrillEnvironment.class));
    } catch (IOException e) {
      return Optional.empty(); // half a file from an older writer: prepare writes it again
    }
  }

  static void write(Path drillDirectory, DrillEnvironment environment) {
    Path file = drillDirectory.resolve(NAME);
    Path partial = drillDirectory.resolve(NAME + ".partial");
    try {
      MAPPER.writeValue(partial.toFile(), environment);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
