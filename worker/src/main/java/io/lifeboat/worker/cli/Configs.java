package io.lifeboat.worker.cli;

import io.lifeboat.config.ConfigException;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finding and loading the configuration file, with errors an operator can act on. */
final class Configs {
  private Configs() {}

  /** Loads the file, failing with the file, the key and what is expected. */
  static LifeboatConfiguration check(Path file) throws ConfigException {
    return LifeboatConfigLoader.load(file);
  }

  /** The given file, or the running dev stack's. */
  static Path orDev(Path given) {
    if (given != null) {
      return given;
    }
    Path dev = Home.dir().resolve("dev").resolve("lifeboat.yml");
    if (!Files.exists(dev)) {
      throw new CliException("no configuration given and no dev stack found at " + dev,
          "pass --config FILE, or start `./lifeboat dev` first");
    }
    return dev;
  }
}
