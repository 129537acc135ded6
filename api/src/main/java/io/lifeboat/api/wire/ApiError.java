package io.lifeboat.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every refused request: what is wrong, which request field it concerns (when one
 * does) and what to do instead. A refused start because the same work is already running also
 * names that run, so a caller can follow it rather than start another.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field, String hint, String workflowId, String runId) {
  /** Errors quote what the caller sent, which may span lines: each is one line of a log or a terminal. */
  public ApiError {
    error = oneLine(error);
    hint = oneLine(hint);
  }

  public static ApiError of(String error, String field, String hint) {
    return new ApiError(error, field, hint, null, null);
  }

  private static String oneLine(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder line = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c == '\n') {
        line.append("\\n");
      } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
        line.append(String.format("\\u%04X", c));
      } else {
        line.appendCodePoint(c);
      }
    });
    return line.toString();
  }
}
