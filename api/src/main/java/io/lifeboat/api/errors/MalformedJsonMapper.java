package io.lifeboat.api.errors;

import com.fasterxml.jackson.core.JsonParseException;
import io.lifeboat.api.wire.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** A request body that is not JSON at all: 400 saying where parsing stopped. */
public final class MalformedJsonMapper implements ExceptionMapper<JsonParseException> {
  @Override
  public Response toResponse(JsonParseException e) {
    ApiError body =
        ApiError.of("request body is not valid JSON: " + e.getOriginalMessage()
                + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(),
            null, "send a JSON object with Content-Type: application/json");
    return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }
}
