package io.lifeboat.tests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Lifeboat CLI in a JVM of its own, on the tests' classpath: a process a test can kill. */
final class LifeboatProcess {
  private LifeboatProcess() {}

  /** {@code java -Xmx<heap> -cp <test classpath> io.lifeboat.worker.cli.Main <args>}. */
  static ProcessBuilder builder(String heap, String... args) {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-cp", classpath, "io.lifeboat.worker.cli.Main"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
