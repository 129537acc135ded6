package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lifeboat.config.ConfigException;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped systemd units: they run the installed launcher as the unprivileged user with the
 * hardening docs/install.md describes, systemd's own {@code systemd-analyze verify} finds nothing
 * to say about them, and {@code systemd-analyze security} rates their exposure at most
 * {@link #MAX_EXPOSURE}. {@link SystemdSandboxTest} starts them under systemd.
 * Without {@code systemd-analyze} (Debian package {@code systemd}) the two systemd checks are
 * skipped; the parsing checks always run.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SystemdUnitsTest {
  static final Path SYSTEMD = Path.of("../deploy/systemd");
  static final Path EXAMPLE_CONFIG = Path.of("../deploy/lifeboat.example.yml");
  static final Path INSTALL_GUIDE = Path.of("../docs/install.md");
  static final String LAUNCHER = "/opt/lifeboat/bin/lifeboat";
  /**
   * As measured with systemd 252 on Debian 12 ("OK"): a unit that loses any of its settings rates
   * higher (ProtectHome, PrivateTmp or ProtectProc: 3.0; RestrictNamespaces: 3.6).
   */
  static final double MAX_EXPOSURE = 2.9;

  /** The settings docs/install.md promises, with their values, in both units. */
  static final Map<String, String> HARDENING = hardening();

  private static Map<String, String> hardening() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("User", "lifeboat");
    settings.put("Group", "lifeboat");
    settings.put("EnvironmentFile", "-/etc/lifeboat/lifeboat.env");
    settings.put("StateDirectory", "lifeboat");
    settings.put("StateDirectoryMode", "0700");
    settings.put("ConfigurationDirectory", "lifeboat");
    settings.put("ConfigurationDirectoryMode", "0750");
    settings.put("UMask", "0077");
    settings.put("NoNewPrivileges", "yes");
    settings.put("CapabilityBoundingSet", "");
    settings.put("ProtectSystem", "strict");
    settings.put("ProtectHome", "yes");
    settings.put("PrivateTmp", "yes");
    settings.put("PrivateDevices", "yes");
    settings.put("ProtectKernelTunables", "yes");
    settings.put("ProtectKernelModules", "yes");
    settings.put("ProtectKernelLogs", "yes");
    settings.put("ProtectControlGroups", "yes");
    settings.put("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6");
    settings.put("RestrictNamespaces", "yes");
    settings.put("LockPersonality", "yes");
    settings.put("RestrictRealtime", "yes");
    settings.put("RestrictSUIDSGID", "yes");
    settings.put("SystemCallArchitectures", "native");
    settings.put("KillMode", "mixed");
    settings.put("Restart", "on-failure");
    return settings;
  }

  @ParameterizedTest
  @ValueSource(strings = {"server", "worker"})
  void theUnitRunsTheInstalledLauncherAsLifeboatHardened(String command) throws IOException {
    Map<String, List<String>> service = section(unit(command), "Service");

    assertThat(service.get("ExecStart")).containsExactly(LAUNCHER + " " + command + " /etc/lifeboat/lifeboat.yml");
    HARDENING.forEach((key, value) -> assertThat(service.get(key)).as(key).containsExactly(value));
    assertThat(service.get("Environment")).containsExactly("LIFEBOAT_HOME=/var/lib/lifeboat");
    assertThat(service.get("WorkingDirectory")).containsExactly("/var/lib/lifeboat");
    // The JVM's JIT writes code: MemoryDenyWriteExecute would stop it at start.
    assertThat(service).doesNotContainKeys("MemoryDenyWriteExecute", "ReadWritePaths", "AmbientCapabilities");
    // Long enough for the worker's 30 s drain of running activities, and its scratch servers' stop.
    assertThat(seconds(service.get("TimeoutStopSec").get(0))).isBetween(60L, 300L);
    assertThat(Files.readString(unit(command))).doesNotContain("install-tools", "mvnw");
    assertThat(section(unit(command), "Install").get("WantedBy")).containsExactly("multi-user.target");
  }

  /** docs/install.md explains every setting of the units' [Service] section. */
  @ParameterizedTest
  @ValueSource(strings = {"server", "worker"})
  void theInstallGuideExplainsEverySettingOfTheUnit(String command) throws IOException {
    String guide = Files.readString(INSTALL_GUIDE);
    for (Map.Entry<String, List<String>> setting : section(unit(command), "Service").entrySet()) {
      assertThat(guide).as("docs/install.md explains %s of %s", setting.getKey(), unit(command))
          .contains("`" + setting.getKey() + "=");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"server", "worker"})
  void systemdAnalyzeVerifyFindsNothingToSay(String command, @TempDir Path dir) throws Exception {
    assumeSystemdAnalyze();
    Path copy = runnableCopy(unit(command), dir);

    Shell.Result verify = Shell.exec(List.of("systemd-analyze", "verify", "--man=no", copy.toString()));

    assertThat(verify.exit()).as(verify.output()).isZero();
    assertThat(verify.output().lines().filter(line -> line.contains(copy.getFileName().toString())))
        .as(verify.output()).isEmpty();
  }

  /** Shows that the check above can fail: systemd reports a misspelled key with the unit's name. */
  @Test
  void systemdAnalyzeVerifyNamesAMisspelledKey(@TempDir Path dir) throws Exception {
    assumeSystemdAnalyze();
    Path copy = runnableCopy(unit("worker"), dir);
    Files.writeString(copy, Files.readString(copy).replace("ProtectHome=yes", "ProtectHom=yes"));

    Shell.Result verify = Shell.exec(List.of("systemd-analyze", "verify", "--man=no", copy.toString()));

    assertThat(verify.output()).contains(copy.getFileName().toString()).contains("Unknown key 'ProtectHom'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"server", "worker"})
  void systemdAnalyzeSecurityRatesTheExposureLow(String command, @TempDir Path dir) throws Exception {
    assumeSystemdAnalyze();
    Path copy = runnableCopy(unit(command), dir);

    Shell.Result security = Shell.exec(List.of("systemd-analyze", "security", "--offline=yes", "--man=no",
        "--no-pager", copy.toString()));

    assumeTrue(!security.output().contains("unrecognized option"),
        "this systemd-analyze has no --offline (systemd 252 and later): the exposure is not rated");
    assertThat(security.exit()).as(security.output()).isZero();
    Matcher overall = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d)").matcher(security.output());
    assertThat(overall.find()).as(security.output()).isTrue();
    assertThat(Double.parseDouble(overall.group(1))).as(security.output()).isLessThanOrEqualTo(MAX_EXPOSURE);
    assertThat(security.output()).contains("Service runs under a static non-root user identity");
  }

  /**
   * Each ${NAME} the example configuration needs from the environment is in the example
   * environment file, commented out: the file ships no value.
   */
  @Test
  void theEnvironmentFileNamesEveryVariableOfTheExampleConfigurationAndShipsNoValue() throws IOException {
    String env = Files.readString(SYSTEMD.resolve("lifeboat.env"));
    Set<String> named = namedInEnvironmentFile();
    Set<String> needed = new TreeSet<>();
    // ${NAME} and ${NAME:-default}; "VAR" is the placeholder the file's comments explain the syntax with.
    Matcher variable = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(}|:-)").matcher(Files.readString(EXAMPLE_CONFIG));
    while (variable.find()) {
      needed.add(variable.group(1));
    }
    needed.remove("VAR");
    Matcher envKey = Pattern.compile("(?:env|passphraseEnv|tokenEnv): ([A-Z][A-Z0-9_]*)").matcher(
        Files.readString(EXAMPLE_CONFIG));
    while (envKey.find()) {
      needed.add(envKey.group(1));
    }

    assertThat(needed).hasSizeGreaterThan(10);
    assertThat(named).as("add the missing names to deploy/systemd/lifeboat.env, commented out")
        .containsAll(needed);
    assertThat(named).contains("LIFEBOAT_JAVA_OPTS");
    assertThat(env.lines().filter(l -> !l.isBlank() && !l.startsWith("#")))
        .as("deploy/systemd/lifeboat.env ships values; comment them out").isEmpty();
  }

  /**
   * What an operator who follows docs/install.md starts from: the example configuration, with
   * every variable of the example environment file set, loads; without one, the start stops
   * naming it.
   */
  @Test
  void theExampleConfigurationLoadsWithTheVariablesOfTheEnvironmentFile() throws Exception {
    Map<String, String> environment = new HashMap<>();
    namedInEnvironmentFile().forEach(name -> environment.put(name, "from-lifeboat-env"));
    environment.put("LIFEBOAT_PAYLOAD_KEY", Base64.getEncoder().encodeToString(new byte[32]));

    LifeboatConfiguration configuration = LifeboatConfigLoader.load(EXAMPLE_CONFIG.toAbsolutePath(), environment);

    assertThat(configuration.getTargets()).containsKey("shop");
    assertThat(configuration.getCatalog().getPassword()).isEqualTo("from-lifeboat-env");
    environment.remove("CATALOG_PASSWORD");
    assertThatThrownBy(() -> LifeboatConfigLoader.load(EXAMPLE_CONFIG.toAbsolutePath(), environment))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the environment variable CATALOG_PASSWORD used on line");
  }

  /** The variable names of deploy/systemd/lifeboat.env, commented out or not. */
  private static Set<String> namedInEnvironmentFile() throws IOException {
    Set<String> named = new TreeSet<>();
    Matcher line = Pattern.compile("(?m)^#?([A-Z][A-Z0-9_]*)=").matcher(
        Files.readString(SYSTEMD.resolve("lifeboat.env")));
    while (line.find()) {
      named.add(line.group(1));
    }
    return named;
  }

  private static Path unit(String command) {
    return SYSTEMD.resolve("lifeboat-" + command + ".service");
  }

  /**
   * A copy of the unit whose ExecStart points at an executable under {@code dir}: verify refuses a
   * unit whose program does not exist, and /opt/lifeboat is not installed on a build machine.
   */
  private static Path runnableCopy(Path unit, Path dir) throws IOException {
    Path launcher = dir.resolve("opt/lifeboat/bin/lifeboat");
    Files.createDirectories(launcher.getParent());
    Files.writeString(launcher, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    String text = Files.readString(unit);
    assertThat(text).contains("ExecStart=" + LAUNCHER + " ");
    Path copy = dir.resolve(unit.getFileName());
    Files.writeString(copy, text.replace("ExecStart=" + LAUNCHER + " ", "ExecStart=" + launcher + " "));
    return copy;
  }

  private static void assumeSystemdAnalyze() {
    boolean found = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
        .anyMatch(directory -> Files.isExecutable(Path.of(directory, "systemd-analyze")));
    assumeTrue(found, "systemd-analyze is not installed (Debian package systemd, deploy/install-tools.sh):"
        + " the units are checked by parsing only");
  }

  /** The settings of one section, each key with its values in order (a key may repeat). */
  static Map<String, List<String>> section(Path unit, String name) throws IOException {
    Map<String, List<String>> settings = new LinkedHashMap<>();
    String current = null;
    for (String raw : Files.readAllLines(unit)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        current = line.substring(1, line.length() - 1);
        continue;
      }
      assertThat(line).as("%s: a setting continued on the next line is not expected", unit).doesNotEndWith("\\");
      int equals = line.indexOf('=');
      assertThat(equals).as("%s: not KEY=VALUE: %s", unit, line).isPositive();
      if (name.equals(current)) {
        settings.computeIfAbsent(line.substring(0, equals).strip(), k -> new ArrayList<>())
            .add(line.substring(equals + 1).strip());
      }
    }
    return settings;
  }

  private static long seconds(String span) {
    Matcher m = Pattern.compile("(\\d+)(s|min)?").matcher(span);
    assertThat(m.matches()).as("a time span in s or min: %s", span).isTrue();
    return Long.parseLong(m.group(1)) * ("min".equals(m.group(2)) ? 60 : 1);
  }
}
