package io.lifeboat.api.wire;

import java.util.List;

/**
 * A start refused because the runbook file itself is invalid: every problem with its line and
 * column, as {@code lifeboat runbook validate} prints them.
 */
public record InvalidRunbook(String error, String field, String hint, String file, List<Problem> problems) {
  public record Problem(int line, int column, String message) {}
}
