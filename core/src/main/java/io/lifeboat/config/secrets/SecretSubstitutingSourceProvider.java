package io.lifeboat.config.secrets;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.lifeboat.config.SecretStoresConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookup;

/**
 * Substitutes {@code ${VAR}} (and {@code ${VAR:-default}}) from the environment and {@code
 * ${scheme:…}} secret references (see {@link SecretReference}) from the secret stores, in the
 * configuration text before it is parsed. The stores are those of the file's own {@code
 * secretStores} section, read (with environment substitution only) when the first reference is
 * met. Secrets live only in the parsed configuration in memory.
 *
 * <p>As Dropwizard's strict substitutor: an unset {@code VAR} without default is an error,
 * never an empty string.
 */
public final class SecretSubstitutingSourceProvider implements ConfigurationSourceProvider {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private final ConfigurationSourceProvider delegate;
  private final Map<String, String> environment;

  public SecretSubstitutingSourceProvider(ConfigurationSourceProvider delegate, Map<String, String> environment) {
    this.delegate = delegate;
    this.environment = environment;
  }

  @Override
  public InputStream open(String path) throws IOException {
    String text;
    try (InputStream in = delegate.open(path)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Lookup lookup = new Lookup(text);
    return new ByteArrayInputStream(strict(lookup).replace(text).getBytes(StandardCharsets.UTF_8));
  }

  private static StringSubstitutor strict(StringLookup lookup) {
    StringSubstitutor substitutor = new StringSubstitutor(lookup);
    substitutor.setEnableUndefinedVariableException(true);
    // A value is taken as it is: a password holding "${" is not looked up again.
    substitutor.setDisableSubstitutionInValues(true);
    return substitutor;
  }

  /** Environment variables, and secrets from stores made on first use. */
  private final class Lookup implements StringLookup {
    private final String text;
    private SecretStores stores;

    Lookup(String text) {
      this.text = text;
    }

    @Override
    public String lookup(String key) {
      if (!SecretReference.looksLikeReference(key)) {
        return environment.get(key);
      }
      if (stores == null) {
        stores = new SecretStores(secretStores(text), environment);
      }
      return stores.read(key);
    }
  }

  /** The {@code secretStores} section, its {@code ${VAR}} substituted; references there are refused. */
  private SecretStoresConfig secretStores(String text) {
    StringSubstitutor environmentOnly = strict(key -> {
      if (SecretReference.looksLikeReference(key)) {
        return ""; // elsewhere in the file, read later; inside secretStores refused below
      }
      return environment.get(key);
    });
    try {
      JsonNode section = YAML.readTree(environmentOnly.replace(text)).path("secretStores");
      if (section.isMissingNode() || section.isNull()) {
        return new SecretStoresConfig();
      }
      return YAML.treeToValue(section, SecretStoresConfig.class);
    } catch (IOException e) {
      throw new SecretException("the secretStores section cannot be read (" + AwsSecretsManager.firstLine(
          e.getMessage()) + "); it may use ${VAR} but no secret references: give address, tokenEnv, namespace,"
          + " caFile under vault and region, endpoint under aws");
    }
  }
}
