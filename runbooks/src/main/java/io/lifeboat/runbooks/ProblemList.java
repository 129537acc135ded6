package io.lifeboat.runbooks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects problems while a runbook is read, so one pass reports all of them, in file order. */
final class ProblemList {
  private final List<Problem> problems = new ArrayList<>();

  void add(Node node, String message) {
    add(node.getStartMark(), message);
  }

  /** SnakeYAML marks are 0-based; editors and people count from 1. */
  void add(Mark mark, String message) {
    problems.add(new Problem(mark.getLine() + 1, mark.getColumn() + 1, message));
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  List<Problem> sorted() {
    return problems.stream().sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column)).toList();
  }
}
