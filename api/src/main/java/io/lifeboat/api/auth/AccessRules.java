package io.lifeboat.api.auth;

import io.lifeboat.config.ApiTokenConfig;
import java.util.regex.Pattern;

/**
 * The role a request needs: reading needs any role, approving or rejecting needs
 * {@code approver}, every other change (starting a run, retry, skip, abort) needs {@code operator}.
 */
public final class AccessRules {
  private static final Pattern APPROVAL = Pattern.compile(".*/signals/(approve|reject)/?");

  private AccessRules() {}

  public static String requiredRole(String method, String path) {
    if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
      return ApiTokenConfig.VIEWER;
    }
    return APPROVAL.matcher(path).matches() ? ApiTokenConfig.APPROVER : ApiTokenConfig.OPERATOR;
  }
}
