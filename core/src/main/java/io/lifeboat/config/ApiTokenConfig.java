package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One API token and who holds it. Roles: {@code viewer} reads; {@code operator} also starts runs
 * and sends retry, skip and abort; {@code approver} also approves and rejects (never a run they
 * started themselves); {@code admin} may override a waiting approval (break-glass, with a reason,
 * recorded loudly). Write the token as {@code ${ENV_VAR}} so the file holds no secret.
 */
public class ApiTokenConfig {
  public static final String VIEWER = "viewer";
  public static final String OPERATOR = "operator";
  public static final String APPROVER = "approver";
  public static final String ADMIN = "admin";

  @NotBlank @Size(min = 16, message = "must be at least 16 characters: it is a password")
  @JsonProperty private String token;

  @NotBlank @JsonProperty private String principal;

  @NotEmpty @JsonProperty
  private Set<@Pattern(regexp = "viewer|operator|approver|admin", message = "must be viewer, operator, approver or admin")
      String>
      roles = new LinkedHashSet<>();

  public String getToken() {
    return token;
  }

  public void setToken(String token) {
    this.token = token;
  }

  public String getPrincipal() {
    return principal;
  }

  public void setPrincipal(String principal) {
    this.principal = principal;
  }

  public Set<String> getRoles() {
    return roles;
  }

  public void setRoles(Set<String> roles) {
    this.roles = roles;
  }
}
