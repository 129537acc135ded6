package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One API token and who holds it. Roles: {@code viewer} reads; {@code operator} also starts runs
 * and sends retry, skip and abort; {@code approver} approves and rejects (never a run they started
 * themselves); {@code admin} holds every role and may override a waiting approval (break-glass, with
 * a reason, recorded loudly). {@code targets}, when given, limits the token's
 * changes to those targets. Give the token as {@code tokenSha256} (the hex SHA-256 that
 * {@code lifeboat token hash} prints), so the file holds no secret; a plaintext {@code token} is
 * still accepted but discouraged.
 */
public class ApiTokenConfig {
  public static final String VIEWER = "viewer";
  public static final String OPERATOR = "operator";
  public static final String APPROVER = "approver";
  public static final String ADMIN = "admin";

  @Size(min = 16, message = "must be at least 16 characters: it is a password")
  @JsonProperty private String token;

  @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits: the output of `lifeboat token hash`")
  @JsonProperty private String tokenSha256;

  @NotBlank @JsonProperty private String principal;

  @NotEmpty @JsonProperty
  private Set<@Pattern(regexp = "viewer|operator|approver|admin",
      message = "must be viewer, operator, approver or admin") String> roles = new LinkedHashSet<>();

  /** Optional: the targets this token may change; empty means every target. */
  @NotNull @JsonProperty private Set<@NotBlank String> targets = new LinkedHashSet<>();

  @JsonIgnore
  @ValidationMethod(message = "give exactly one of token and tokenSha256 (tokenSha256 preferred: `lifeboat token hash`)")
  public boolean isOneSecret() {
    return (token == null) != (tokenSha256 == null);
  }

  /** The SHA-256 of the token, whichever way the file gives it. */
  @JsonIgnore
  public byte[] sha256() {
    return tokenSha256 != null ? HexFormat.of().parseHex(tokenSha256.toLowerCase(Locale.ROOT)) : sha256(token);
  }

  @JsonIgnore
  public boolean isPlaintext() {
    return token != null;
  }

  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  public String getToken() {
    return token;
  }

  public void setToken(String token) {
    this.token = token;
  }

  public String getTokenSha256() {
    return tokenSha256;
  }

  public void setTokenSha256(String tokenSha256) {
    this.tokenSha256 = tokenSha256;
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

  public Set<String> getTargets() {
    return targets;
  }

  public void setTargets(Set<String> targets) {
    this.targets = targets;
  }
}
