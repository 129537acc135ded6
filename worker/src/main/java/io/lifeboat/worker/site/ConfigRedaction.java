package io.lifeboat.worker.site;

import io.lifeboat.config.secrets.SecretException;
import io.lifeboat.config.secrets.SecretReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The configuration as a new host may read it from the bucket: every value of a secret-bearing key
 * (passwords, passphrases, secret and access keys, tokens) becomes {@value #REDACTED}, unless it is
 * only a {@code ${VAR}} reference, which names where the secret comes from and is kept (a default,
 * {@code ${VAR:-…}}, is redacted). A secret reference ({@code ${vault:…}}, {@code aws-kms:…})
 * names where the secret lives and is kept too. A password inside a URL ({@code postgres://user:secret@host},
 * {@code ?password=…}) is redacted too, and so are the keys of {@code temporal.payloadKeys} (their ids
 * are kept: they say which key a history needs).
 */
public final class ConfigRedaction {
  public static final String REDACTED = "<redacted>";
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(password|passphrase|secret|token|accesskey|credential|privatekey|authorization"
          + "|apikey|api-key|api_key|cookie|payloadkeys|routingkey).*");
  /** Notification channels whose {@code url} carries its token in the path (an incoming webhook's). */
  private static final java.util.Set<String> WEBHOOK_CHANNELS = java.util.Set.of("webhook", "slack", "pagerduty",
      "alertmanager");
  /** {@code scheme://user:password@}: the credentials of a URL, before its host. */
  private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#\\s@]+@");
  private static final Pattern URL_AFTER_HOST = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://[^/?#\\s]+)([/?#].*)$");
  /** Lists of {@code {id, key}} entries: {@code temporal.payloadKeys}. */
  private static final Pattern KEY_LIST = Pattern.compile("(?i)payloadkeys");
  /** {@code passphraseEnv: LIFEBOAT_KEY_PASSPHRASE} names a variable, not a secret. */
  private static final Pattern NAMES_A_VARIABLE = Pattern.compile(".*(Env|_env)");
  /** {@code ${VAR}}, or {@code ${VAR:-default}} whose default may be a secret itself. */
  private static final Pattern ONLY_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}");
  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]+:)([^@\\s]+)(@)");
  /** {@code jdbc:postgresql://db/shop?password=…} and the like. */
  private static final Pattern QUERY_SECRET =
      Pattern.compile("(?i)([?&;](?:password|pass|pwd|secret|token|access_token|apikey|api_key)=)([^&;\\s]+)");

  private ConfigRedaction() {}

  /**
   * @throws IllegalArgumentException when {@code yaml} is not YAML: nothing is published then
   */
  public static String redact(String yaml) {
    Object tree;
    try {
      tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the configuration is not YAML: " + e.getMessage().lines().findFirst()
          .orElse(""), e);
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setPrettyFlow(true);
    return "# Lifeboat's configuration with its secrets left out (" + REDACTED + "); environment variable references kept.\n"
        + new Yaml(new Representer(options), options).dump(walk(null, tree));
  }

  /** {@code vault:…}, {@code ${aws-secretsmanager:…}} and the like: a known scheme that parses. */
  private static boolean isSecretReference(String text) {
    String inner = text.startsWith("${") && text.endsWith("}") ? text.substring(2, text.length() - 1) : text;
    if (!SecretReference.looksLikeReference(inner) || inner.contains(":-")) {
      return false;
    }
    try {
      SecretReference.parse(inner);
      return true;
    } catch (SecretException notAReference) {
      return false;
    }
  }

  private static boolean secret(String key) {
    return key != null && SECRET_KEY.matcher(key).matches() && !NAMES_A_VARIABLE.matcher(key).matches();
  }

  /** A webhook URL keeps its host; its path (the token of a Slack URL) is left out unless it is a reference. */
  private static String withoutPath(String url) {
    String withoutUser = USER_INFO.matcher(url.strip()).replaceFirst("$1" + REDACTED + "@");
    Matcher parts = URL_AFTER_HOST.matcher(withoutUser);
    if (!parts.matches() || parts.group(2).contains("${")) {
      return withoutUser;
    }
    return parts.group(1) + "/" + REDACTED;
  }

  private static Object walk(String key, Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      // an entry of payloadKeys keeps its id only: its key is named plainly "key"
      boolean keyList = key != null && KEY_LIST.matcher(key).matches();
      boolean webhook = map.get("type") instanceof String type && WEBHOOK_CHANNELS.contains(type);
      map.forEach((k, v) -> out.put(k, webhook && "url".equals(k) && v instanceof String url ? withoutPath(url)
          : walk(keyList && !"id".equals(k) ? key : String.valueOf(k), v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(walk(key, v)));
      return out;
    }
    if (value instanceof String text) {
      if (secret(key)) {
        Matcher reference = ONLY_REFERENCE.matcher(text.strip());
        if (isSecretReference(text.strip())) {
          return text; // names where the secret lives (a Vault path, a secret id), not the secret
        }
        if (!reference.matches()) {
          return REDACTED;
        }
        return reference.group(2) == null ? text : "${" + reference.group(1) + ":-" + REDACTED + "}";
      }
      String withoutUserPassword = URL_PASSWORD.matcher(text).replaceAll("$1" + REDACTED + "$3");
      return QUERY_SECRET.matcher(withoutUserPassword).replaceAll("$1" + REDACTED);
    }
    if (value != null && secret(key)) {
      return REDACTED; // a numeric PIN or the like
    }
    return value;
  }
}
