package io.lifeboat.runbooks;

/**
 * One argument a step type accepts under {@code with:}.
 *
 * @param expected what a valid value looks like, quoted in error messages
 */
record ArgumentRule(String key, Kind kind, boolean required, String expected) {
  enum Kind {
    /** A single value; may hold ${params.x} references. */
    TEXT,
    /** A list of values, or a single value taken as a list of one. */
    LIST,
    /** A literal duration such as 30s. */
    DURATION,
    /** A literal whole number. */
    NUMBER
  }

  static ArgumentRule required(String key, Kind kind, String expected) {
    return new ArgumentRule(key, kind, true, expected);
  }

  static ArgumentRule optional(String key, Kind kind, String expected) {
    return new ArgumentRule(key, kind, false, expected);
  }
}
