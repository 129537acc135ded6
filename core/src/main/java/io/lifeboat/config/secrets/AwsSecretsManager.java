package io.lifeboat.config.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.config.AwsStoreConfig;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** Reads AWS Secrets Manager secrets (GetSecretValue): the secret string, or one field of its JSON. */
final class AwsSecretsManager implements SecretStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsStoreConfig config;
  private final SecretsManagerClient client;

  AwsSecretsManager(AwsStoreConfig config) {
    this.config = config;
    this.client = AwsClients.build(SecretsManagerClient.builder(), config);
  }

  @Override
  public String read(SecretReference reference) {
    String where = "Secrets Manager at " + AwsClients.where(config);
    GetSecretValueResponse response;
    try {
      response = client.getSecretValue(r -> r.secretId(reference.location()));
    } catch (ResourceNotFoundException e) {
      throw new SecretException("cannot read " + reference + ": " + where + " has no secret "
          + reference.location() + "; create it (aws secretsmanager create-secret --name " + reference.location()
          + ") or correct the reference", e);
    } catch (SecretsManagerException e) {
      throw new SecretException("cannot read " + reference + ": " + where + " refused GetSecretValue ("
          + e.awsErrorDetails().errorCode() + "); give Lifeboat's AWS identity secretsmanager:GetSecretValue on "
          + reference.location(), e, e.retryable());
    } catch (SdkClientException e) {
      throw new SecretException("cannot read " + reference + ": " + where + " is unreachable or no AWS credentials"
          + " were found (" + firstLine(e.getMessage()) + "); check secretStores.aws and the AWS credentials", e, true);
    }
    String secret = response.secretString();
    if (secret == null) {
      throw new SecretException("cannot read " + reference + ": the secret " + reference.location()
          + " holds binary data, not a string; store the value as SecretString");
    }
    if (reference.field() == null) {
      return secret;
    }
    JsonNode value;
    try {
      value = JSON.readTree(secret).get(reference.field());
    } catch (IOException e) {
      throw new SecretException("cannot read " + reference + ": the secret " + reference.location()
          + " is not a JSON object, so it has no field '" + reference.field() + "'; drop #" + reference.field()
          + " to use the whole string, or store a JSON object", null);
    }
    if (value == null || !value.isTextual()) {
      throw new SecretException("cannot read " + reference + ": the secret " + reference.location()
          + " has no text field '" + reference.field() + "'; add it to the secret's JSON or correct the reference");
    }
    return value.textValue();
  }

  static String firstLine(String message) {
    String text = String.valueOf(message);
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
