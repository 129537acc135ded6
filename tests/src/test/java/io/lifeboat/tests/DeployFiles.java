package io.lifeboat.tests;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads the deployment files under deploy/ as their tools would: YAML with anchors and merge keys
 * (compose uses them), Lifeboat configurations through Lifeboat's own loader, the release version
 * from the parent pom, which the image, the compose file and the chart must all name.
 */
final class DeployFiles {
  static final Path DEPLOY = Path.of("../deploy");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:-[^}]*)?}");

  private DeployFiles() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(Path file) throws IOException {
    return (Map<String, Object>) new Yaml().load(Files.readString(file));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node, String key) {
    Object value = ((Map<String, Object>) node).get(key);
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  /** The parent pom's version: the release's, of lifeboat-VERSION.tar.gz. */
  static String releaseVersion() throws IOException {
    Matcher version = Pattern.compile("<artifactId>lifeboat-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("../pom.xml")));
    if (!version.find()) {
      throw new AssertionError("../pom.xml has no version after <artifactId>lifeboat-parent</artifactId>");
    }
    return version.group(1);
  }

  /** The names of the ${VAR}s a file uses. */
  static Map<String, String> variables(String text) {
    Map<String, String> names = new LinkedHashMap<>();
    Matcher variable = VARIABLE.matcher(text);
    while (variable.find()) {
      names.put(variable.group(1), variable.group(2));
    }
    return names;
  }

  /** Loads a Lifeboat configuration as `lifeboat server` would, each ${VAR} set to a value of its kind. */
  static LifeboatConfiguration loadConfiguration(Path file) throws Exception {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String name : variables(Files.readString(file)).keySet()) {
      environment.put(name, name.contains("PAYLOAD_KEY") ? "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
          : name.endsWith("SHA256") ? "7fc1bed346d2200b74fa3423ae703bdc0a5566c4b9994a993561f3a969ade343"
          : name.endsWith("URL") ? "jdbc:postgresql://catalog.internal:5432/lifeboat"
          : name.endsWith("ENDPOINT") ? "http://s3.internal:9000"
          : "a-value-long-enough-for-a-secret");
    }
    return LifeboatConfigLoader.load(file, environment);
  }

  /** The port of the first connector of server.applicationConnectors (true) or server.adminConnectors. */
  static int port(LifeboatConfiguration configuration, boolean application) {
    DefaultServerFactory server = (DefaultServerFactory) configuration.getServerFactory();
    return ((HttpConnectorFactory) (application ? server.getApplicationConnectors() : server.getAdminConnectors())
        .get(0)).getPort();
  }

  static String bindHost(LifeboatConfiguration configuration, boolean application) {
    DefaultServerFactory server = (DefaultServerFactory) configuration.getServerFactory();
    return ((HttpConnectorFactory) (application ? server.getApplicationConnectors() : server.getAdminConnectors())
        .get(0)).getBindHost();
  }
}
