package io.lifeboat.api.errors;

import io.lifeboat.api.wire.ApiError;
import jakarta.ws.rs.core.Response.Status;

/**
 * A request refused before anything was started, with the status and the body the caller sees.
 * Resources throw it; {@link ApiProblemMapper} writes it.
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Status status;
  private final transient ApiError body;

  private ApiProblem(Status status, ApiError body) {
    super(body.error());
    this.status = status;
    this.body = body;
  }

  public static ApiProblem badRequest(String field, String error, String hint) {
    return new ApiProblem(Status.BAD_REQUEST, ApiError.of(error, field, hint));
  }

  public static ApiProblem notFound(String field, String error, String hint) {
    return new ApiProblem(Status.NOT_FOUND, ApiError.of(error, field, hint));
  }

  /** The caller may not do this: their roles do not allow it, or the run refused them. */
  public static ApiProblem forbidden(String field, String error, String hint) {
    return new ApiProblem(Status.FORBIDDEN, ApiError.of(error, field, hint));
  }

  /** The request is well formed but the run's state refuses it (nothing waits for it, say). */
  public static ApiProblem conflict(String field, String error, String hint) {
    return new ApiProblem(Status.CONFLICT, ApiError.of(error, field, hint));
  }

  /** Something the request depends on cannot be reached: nothing was started; retrying later may work. */
  public static ApiProblem unavailable(String field, String error, String hint) {
    return new ApiProblem(Status.SERVICE_UNAVAILABLE, ApiError.of(error, field, hint));
  }

  public Status status() {
    return status;
  }

  public ApiError body() {
    return body;
  }
}
