package io.lifeboat.runbooks;

import java.util.List;
import java.util.stream.Collectors;

/** A runbook file that must not run, with every problem found in it. */
public class RunbookValidationException extends Exception {
  private final String fileName;
  private final List<Problem> problems;

  public RunbookValidationException(String fileName, List<Problem> problems) {
    super(problems.stream().map(p -> fileName + ":" + p).collect(Collectors.joining("\n")));
    this.fileName = fileName;
    this.problems = List.copyOf(problems);
  }

  public String fileName() {
    return fileName;
  }

  public List<Problem> problems() {
    return problems;
  }
}
