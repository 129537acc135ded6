package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.Base64;

/**
 * One key that encrypts what Lifeboat writes into Temporal's history (inputs, results, signals,
 * queries, failures): an AES-256 key, base64 of 32 random bytes ({@code openssl rand -base64 32}),
 * written as {@code ${ENV_VAR}} so the file holds no secret. Its id is stored beside every payload
 * it encrypted, so a retired key stays listed (after the current one) for as long as histories
 * written with it are kept.
 */
public class PayloadKeyConfig {
  @NotBlank
  @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1 to 64 letters, digits, '.', '_' or '-'")
  @JsonProperty private String id;

  @NotBlank @JsonProperty private String key;

  public PayloadKeyConfig() {}

  public PayloadKeyConfig(String id, String key) {
    this.id = id;
    this.key = key;
  }

  @JsonIgnore
  @ValidationMethod(message = "key is not base64 of 32 bytes; generate one with 'openssl rand -base64 32'")
  public boolean isKeyOf32Bytes() {
    if (key == null || key.isBlank()) {
      return true; // said by @NotBlank
    }
    try {
      return Base64.getDecoder().decode(key.strip()).length == 32;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
