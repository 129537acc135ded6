package io.lifeboat.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every refused request: what is wrong, which request field it concerns (when one
 * does) and what to do instead. A refused start because the same work is already running also
 * names that run, so a caller can follow it rather than start another.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field, String hint, String workflowId, String runId) {
  public static ApiError of(String error, String field, String hint) {
    return new ApiError(error, field, hint, null, null);
  }
}
