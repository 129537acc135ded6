package io.lifeboat.api.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.lifeboat.api.wire.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.stream.Collectors;

/**
 * A JSON body whose fields do not fit the request (wrong type, unknown field): 400 naming the
 * field. Mapped on {@link JsonMappingException}, more specific than Dropwizard's own mapper, so
 * this one wins without turning Dropwizard's off.
 */
public final class UnreadableBodyMapper implements ExceptionMapper<JsonMappingException> {
  private static final String SHAPE_HINT = "GET /api/v1/openapi.yaml describes every request body";

  @Override
  public Response toResponse(JsonMappingException e) {
    return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE).entity(body(e)).build();
  }

  private static ApiError body(JsonMappingException e) {
    String field =
        e.getPath().stream()
            .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining("."));
    if (e instanceof UnrecognizedPropertyException unknown) {
      return ApiError.of("unknown field '" + unknown.getPropertyName() + "'", field,
          "known fields: " + unknown.getKnownPropertyIds());
    }
    if (e.getCause() instanceof JsonProcessingException reading && !(reading instanceof JsonMappingException)) {
      // the reader failed inside a field (truncated text, a number out of range), not the mapping
      String where = field.isEmpty() ? JsonFailures.field(reading) : field;
      String subject = where == null ? "request body " : "field '" + where + "' ";
      return ApiError.of(subject + JsonFailures.problem(reading), where, MalformedJsonMapper.HINT);
    }
    if (field.isEmpty()) {
      return ApiError.of("request body has the wrong shape: " + e.getOriginalMessage(), null, SHAPE_HINT);
    }
    return ApiError.of("field '" + field + "' has the wrong type: " + e.getOriginalMessage(), field, SHAPE_HINT);
  }
}
