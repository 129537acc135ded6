package io.lifeboat.api.errors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What went wrong reading a JSON body, in words a caller can act on, shared by the two body
 * mappers: Jackson reports a failure of the reader either bare or wrapped in a mapping failure.
 */
final class JsonFailures {
  private JsonFailures() {}

  /** "is not valid JSON: …", "is a number too large …" or "is too large: …", for the reader's own failures. */
  static String problem(JsonProcessingException e) {
    if (e instanceof InputCoercionException coercion) {
      Class<?> type = coercion.getTargetType();
      return "is a number too large or too small for it" + (type == null ? "" : " (" + type.getSimpleName() + ")");
    }
    if (e instanceof StreamConstraintsException) {
      return "is too large: " + firstLine(e.getOriginalMessage());
    }
    return "is not valid JSON: " + firstLine(e.getOriginalMessage());
  }

  /** The dotted path of the field the reader was in when it failed, or null outside any field. */
  static String field(JsonProcessingException e) {
    if (!(e.getProcessor() instanceof JsonParser parser)) {
      return null;
    }
    Deque<String> path = new ArrayDeque<>();
    for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
        context = context.getParent()) {
      if (context.inObject() && context.getCurrentName() != null) {
        path.addFirst(context.getCurrentName());
      } else if (context.inArray()) {
        path.addFirst("[" + Math.max(context.getCurrentIndex(), 0) + "]");
      }
    }
    return path.isEmpty() ? null : String.join(".", path).replace(".[", "[");
  }

  static String firstLine(String message) {
    String text = message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}
