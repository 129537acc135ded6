package io.lifeboat.api.resources;

import io.lifeboat.api.errors.ApiProblem;

/**
 * The {@code limit} query parameter of the list endpoints. Taken as text and parsed here: JAX-RS
 * answers an unparsable numeric query parameter with a bare 404, which misleads.
 */
final class ListLimit {
  static final String DEFAULT = "50";
  static final int MAX = 1000;

  private ListLimit() {}

  static int parse(String limit) {
    try {
      int value = Integer.parseInt(limit.strip());
      if (value >= 1 && value <= MAX) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, like an out-of-range number
    }
    throw ApiProblem.badRequest("limit", "limit must be a whole number from 1 to " + MAX + ", not '" + limit + "'",
        "leave it out for the newest " + DEFAULT);
  }
}
