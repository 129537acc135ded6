package io.lifeboat.api.errors;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses a path or query parameter holding U+0000 with 400 naming the parameter. No name, id or
 * filter of Lifeboat can hold it, and PostgreSQL cannot store or compare it: passed on to the
 * catalog, it would fail there as a server error instead of as the caller's mistake.
 */
public final class NulCharacterFilter implements ContainerRequestFilter {
  @Override
  public void filter(ContainerRequestContext request) {
    refuseNul(request.getUriInfo().getPathParameters(true));
    refuseNul(request.getUriInfo().getQueryParameters(true));
  }

  private static void refuseNul(MultivaluedMap<String, String> parameters) {
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      if (parameter.getKey().indexOf('\0') >= 0
          || parameter.getValue().stream().anyMatch(value -> value != null && value.indexOf('\0') >= 0)) {
        throw ApiProblem.badRequest(parameter.getKey().replace("\0", "\\u0000"),
            "parameter '" + parameter.getKey().replace("\0", "\\u0000") + "' holds the character U+0000 (%00)",
            "remove it: no name or id contains it");
      }
    }
  }
}
