package io.lifeboat.config;

import static io.lifeboat.config.ConfigAssertions.assertDefaults;
import static io.lifeboat.config.ConfigAssertions.assertFullMapping;
import static io.lifeboat.config.ConfigAssertions.properties;
import static io.lifeboat.config.TargetConfigTest.FULL_COMMON_KEYS;
import static io.lifeboat.config.TargetConfigTest.fullCommonProperties;
import static io.lifeboat.config.TargetYaml.load;
import static io.lifeboat.config.TargetYaml.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.Duration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesTargetConfigTest {
  private static final String MINIMAL = """
      kind: files
      paths: [/srv/uploads]
      rpo: 1 hour
      rto: 4 hours
      """;

  @TempDir Path directory;

  @Test
  void defaultsExcludeNothingAndVerifyInTheTemporaryDirectory() throws Exception {
    FilesTargetConfig target = load(directory, FilesTargetConfig.class, MINIMAL);

    assertThat(target.kind()).isEqualTo("files");
    assertDefaults(target, properties()
        .set("paths", List.of("/srv/uploads"))
        .set("excludes", List.of())
        .set("scratchDirectory", null)
        .set("rpo", Duration.hours(1))
        .set("rto", Duration.hours(4))
        .set("retention", null)
        .set("schedules", List.of())
        .set("hooks", null)
        .set("drill", null)
        .set("storageQuota", null)
        .set("replaceApproval", TargetConfig.ReplaceApproval.REQUIRED)
        .set("replaceApprovalTimeout", Duration.hours(4))
        .set("anomaly", null));
  }

  @Test
  void mapsEveryKey() throws Exception {
    FilesTargetConfig target = load(directory, FilesTargetConfig.class, FULL_COMMON_KEYS + """
        kind: files
        paths: [/srv/uploads, /var/lib/docker/volumes/app]
        excludes: ["*.tmp", cache, "logs/**"]
        scratchDirectory: /var/tmp/lifeboat
        """);

    assertFullMapping(target, fullCommonProperties()
        .set("paths", List.of("/srv/uploads", "/var/lib/docker/volumes/app"))
        .set("excludes", List.of("*.tmp", "cache", "logs/**"))
        .set("scratchDirectory", "/var/tmp/lifeboat"));
  }

  @Test
  void refusesATargetWithoutPaths() throws Exception {
    assertThat(problem(directory, MINIMAL.replace("paths: [/srv/uploads]\n", "")))
        .isEqualTo("'targets.main.paths' must not be empty");
  }

  @Test
  void refusesARelativePath() throws Exception {
    assertThat(problem(directory, MINIMAL.replace("/srv/uploads", "uploads")))
        .isEqualTo("'targets.main.paths[0]' must be an absolute path");
  }

  @Test
  void refusesAMisspelledKeyAndSuggestsTheClosest() throws Exception {
    assertThat(problem(directory, MINIMAL + "exclude: ['*.tmp']\n"))
        .isEqualTo("'targets.main.exclude' is not a known key; expected one of: anomaly, drill, excludes, hooks, paths,"
            + " replaceApproval, replaceApprovalTimeout, retention, rpo, rto, schedules, scratchDirectory, storageQuota (did you mean 'excludes'?)");
  }
}
