package io.lifeboat.runbooks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects problems while a runbook is read, so one pass reports all of them, in file order. */
final class ProblemList {
  private static final int MAX_LENGTH = 1_000;

  private final List<Problem> problems = new ArrayList<>();

  void add(Node node, String message) {
    add(node.getStartMark(), message);
  }

  /** SnakeYAML marks are 0-based; editors and people count from 1. */
  void add(Mark mark, String message) {
    problems.add(new Problem(mark.getLine() + 1, mark.getColumn() + 1, oneLine(message)));
  }

  /**
   * Messages quote what the file says, which may span lines or hold control characters; a problem
   * is one line of a terminal or a log, so those are shown escaped, and a huge quoted value is cut.
   */
  static String oneLine(String message) {
    StringBuilder line = new StringBuilder(Math.min(message.length(), MAX_LENGTH + 16));
    message.codePoints().limit(MAX_LENGTH).forEach(c -> {
      switch (c) {
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0xFEFF) {
            line.append(String.format("\\u%04X", c));
          } else {
            line.appendCodePoint(c);
          }
        }
      }
    });
    return message.codePointCount(0, message.length()) > MAX_LENGTH ? line + "… (cut)" : line.toString();
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  List<Problem> sorted() {
    return problems.stream().sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column)).toList();
  }
}
