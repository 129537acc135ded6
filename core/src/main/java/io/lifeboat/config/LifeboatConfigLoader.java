package io.lifeboat.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.ConfigurationParsingException;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.lifeboat.config.secrets.SecretException;
import io.lifeboat.config.secrets.SecretSubstitutingSourceProvider;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Lifeboat configuration outside Dropwizard's own bootstrap (the CLI), with the same
 * parsing, environment and secret substitution and validation, and turns every failure into a {@link
 * ConfigException} an operator can act on.
 */
public final class LifeboatConfigLoader {
  /** Prefix of {@code -Ddw.storage.bucket=...} system-property overrides, as in Dropwizard. */
  private static final String PROPERTY_PREFIX = "dw";

  private static final Pattern UNDEFINED_VARIABLE = Pattern.compile("Cannot resolve variable '([^']+)'");

  // Building a validator scans the classpath for constraints: once per process is enough.
  private static final Validator VALIDATOR = Validators.newValidator();

  private LifeboatConfigLoader() {}

  public static LifeboatConfiguration load(Path file) throws ConfigException {
    return load(file, System.getenv());
  }

  /** Loads with {@code environment} in place of the process environment for {@code ${VAR}}. */
  public static LifeboatConfiguration load(Path file, Map<String, String> environment)
      throws ConfigException {
    Path absolute = file.toAbsolutePath();
    // ${VAR} from the environment (strict: unset without a default is an error) and
    // ${vault:...}-style secret references from the secret stores.
    ConfigurationSourceProvider source =
        new SecretSubstitutingSourceProvider(new FileConfigurationSourceProvider(), environment);
    // The factory Dropwizard's bootstrap uses: strict about unknown keys.
    ConfigurationFactory<LifeboatConfiguration> factory =
        new DefaultConfigurationFactoryFactory<LifeboatConfiguration>()
            .create(
                LifeboatConfiguration.class,
                VALIDATOR,
                Jackson.newObjectMapper(),
                PROPERTY_PREFIX);
    try {
      return factory.build(source, absolute.toString());
    } catch (ConfigurationValidationException e) {
      throw invalid(absolute, ConfigProblems.describe(e.getConstraintViolations()), e);
    } catch (ConfigurationParsingException e) {
      throw invalid(absolute, List.of(parsingProblem(e)), e);
    } catch (ConfigurationException e) {
      throw invalid(absolute, List.copyOf(e.getErrors()), e);
    } catch (SecretException e) {
      throw invalid(absolute, List.of(e.getMessage()), e);
    } catch (IllegalArgumentException e) {
      // StringSubstitutor's way of refusing a ${VAR} that is unset and has no default; matched
      // on its message as Dropwizard's EnvironmentVariableSubstitutor does.
      Matcher undefined = UNDEFINED_VARIABLE.matcher(String.valueOf(e.getMessage()));
      if (!undefined.find()) {
        throw e;
      }
      throw invalid(absolute, List.of(ConfigProblems.undefinedVariable(absolute, undefined.group(1))), e);
    } catch (IOException e) {
      throw new ConfigException(
          absolute,
          "Configuration file " + absolute + " cannot be read: " + ConfigProblems.ioProblem(absolute, e) + ".",
          e);
    }
  }

  private static String parsingProblem(ConfigurationParsingException e) {
    if (e.getCause() instanceof JsonMappingException mapping) {
      return ConfigProblems.describe(mapping);
    }
    if (e.getCause() instanceof JsonProcessingException syntax) {
      return ConfigProblems.describeSyntax(syntax);
    }
    // The one parsing failure without a cause: Dropwizard's check for an empty document.
    return "it is empty; expected at least the storage, encryption and catalog sections";
  }

  private static ConfigException invalid(Path file, List<String> problems, Exception cause) {
    String noun = problems.size() == 1 ? "an error" : problems.size() + " errors";
    return new ConfigException(
        file,
        "Configuration file " + file + " has " + noun + ": " + String.join("; ", problems) + ".",
        cause);
  }
}
