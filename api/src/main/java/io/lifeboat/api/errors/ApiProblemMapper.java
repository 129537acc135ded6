package io.lifeboat.api.errors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Writes a refused request as its status and JSON error body. */
public final class ApiProblemMapper implements ExceptionMapper<ApiProblem> {
  @Override
  public Response toResponse(ApiProblem problem) {
    return Response.status(problem.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(problem.body()).build();
  }
}
