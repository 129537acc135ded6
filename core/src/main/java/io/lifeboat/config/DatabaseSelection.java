package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The databases of one server a {@code postgres} target backs up together: {@code all} (every
 * database that allows connections, except the templates and {@code postgres}, the database every
 * server has, which Lifeboat connects to in order to create, rename and drop the others), or a list
 * of names. Written in the configuration as {@code databases: all} or {@code databases: [a, b]}.
 *
 * @param all every database of the server; {@code names} is then empty
 * @param names the databases listed, in the configuration's order
 */
public record DatabaseSelection(boolean all, List<String> names) {
  public static final String ALL = "all";

  public DatabaseSelection {
    names = List.copyOf(names);
  }

  public static DatabaseSelection everyDatabase() {
    return new DatabaseSelection(true, List.of());
  }

  public static DatabaseSelection of(List<String> names) {
    return new DatabaseSelection(false, names);
  }

  /** {@code all}, or a list of names; anything else is refused by the loader with what to write instead. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static DatabaseSelection fromYaml(JsonNode node) {
    if (node.isTextual() && node.asText().equals(ALL)) {
      return everyDatabase();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException("must be 'all' or a list of database names, e.g. [orders, billing]");
    }
    List<String> names = new ArrayList<>();
    node.forEach(element -> names.add(element.isTextual() ? element.asText() : element.toString()));
    return of(names);
  }

  @JsonValue
  Object toYaml() {
    return all ? ALL : names;
  }
}
