package io.lifeboat.config;

import java.nio.file.Path;

/**
 * The configuration file cannot be used. The message is one paragraph for the operator: the
 * file, each offending key and what is expected there.
 */
public class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  ConfigException(Path file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
