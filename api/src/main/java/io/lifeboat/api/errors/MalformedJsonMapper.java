package io.lifeboat.api.errors;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.lifeboat.api.wire.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * A request body that cannot be read as JSON (truncated, not JSON, a number too big for its field,
 * a value past the reader's size limits): 400 naming the field the reader was in, where it was in
 * one, and where reading stopped. Mapped on {@link JsonProcessingException}; the more specific
 * {@link UnreadableBodyMapper} takes the bodies that parse but do not fit.
 */
public final class MalformedJsonMapper implements ExceptionMapper<JsonProcessingException> {
  static final String HINT = "send a JSON object with Content-Type: application/json;"
      + " GET /api/v1/openapi.yaml describes every request body";

  @Override
  public Response toResponse(JsonProcessingException e) {
    if (e instanceof JsonGenerationException) {
      // writing a response failed: the server's fault, not the request's
      return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
          .entity(ApiError.of("the response could not be written", null, "see the server log")).build();
    }
    String field = JsonFailures.field(e);
    String subject = field == null ? "request body " : "field '" + field + "' ";
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    ApiError body = ApiError.of(subject + JsonFailures.problem(e) + where, field, HINT);
    return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }
}
