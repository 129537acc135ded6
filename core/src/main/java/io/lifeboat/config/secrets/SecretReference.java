package io.lifeboat.config.secrets;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A reference to a secret in a secret store, one grammar wherever a secret may come from:
 *
 * <ul>
 *   <li>{@code vault:<mount>/<path>#<field>}: a field of a HashiCorp Vault KV version 2 secret;
 *   <li>{@code aws-secretsmanager:<secret id or ARN>[#<json field>]}: an AWS Secrets Manager secret's
 *       string, or a field of it when it holds a JSON object;
 *   <li>{@code aws-kms:<file>}: a file holding a ciphertext that AWS KMS decrypts (see {@link AwsKms}).
 * </ul>
 *
 * <p>The text of a reference names where the secret lives, never the secret: it may appear in
 * messages.
 *
 * @param location the Vault path (mount first), the secret id or the file
 * @param field the field, or null for the whole secret
 */
public record SecretReference(String text, String scheme, String location, String field) {

  public static final String VAULT = "vault";
  public static final String AWS_SECRETS_MANAGER = "aws-secretsmanager";
  public static final String AWS_KMS = "aws-kms";
  static final List<String> SCHEMES = List.of(VAULT, AWS_SECRETS_MANAGER, AWS_KMS);

  // A scheme is lowercase letters and dashes before the first colon; an environment variable
  // name never holds a colon, so ${NAME} and ${scheme:...} cannot be confused.
  private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9-]*:.*", Pattern.DOTALL);

  /** Whether the text has the shape of a reference ({@code scheme:...}), known scheme or not. */
  public static boolean looksLikeReference(String text) {
    return text != null && SCHEME.matcher(text).matches();
  }

  /**
   * Parses a reference.
   *
   * @throws SecretException naming the reference and the expected form
   */
  public static SecretReference parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new SecretException("'" + text + "' is not a secret reference: write vault:<mount>/<path>#<field>,"
          + " aws-secretsmanager:<secret id>[#<field>] or aws-kms:<file>");
    }
    String scheme = text.substring(0, colon);
    String rest = text.substring(colon + 1);
    int hash = rest.lastIndexOf('#');
    String location = hash < 0 ? rest : rest.substring(0, hash);
    String field = hash < 0 ? null : rest.substring(hash + 1);
    switch (scheme) {
      case VAULT -> {
        int slash = location.indexOf('/');
        if (slash <= 0 || slash == location.length() - 1 || field == null || field.isEmpty()) {
          throw new SecretException("secret reference " + text + " does not name a mount, a path and a field:"
              + " write vault:<mount>/<path>#<field>, e.g. vault:secret/lifeboat/pg#password");
        }
      }
      case AWS_SECRETS_MANAGER -> {
        if (location.isEmpty() || (field != null && field.isEmpty())) {
          throw new SecretException("secret reference " + text + " does not name a secret: write"
              + " aws-secretsmanager:<secret id or ARN>[#<json field>], e.g. aws-secretsmanager:lifeboat/pg#password");
        }
      }
      case AWS_KMS -> {
        if (location.isEmpty() || field != null) {
          throw new SecretException("secret reference " + text + " does not name a file: write aws-kms:<file holding"
              + " the KMS ciphertext, base64>, e.g. aws-kms:/etc/lifeboat/keys/decryption.asc.kms");
        }
      }
      default -> throw new SecretException("secret reference " + text + " has the unknown scheme '" + scheme
          + "': use one of " + String.join(":, ", SCHEMES) + ":");
    }
    return new SecretReference(text, scheme, location, field);
  }

  @Override
  public String toString() {
    return text;
  }
}
