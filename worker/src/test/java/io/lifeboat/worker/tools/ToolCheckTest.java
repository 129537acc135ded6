package io.lifeboat.worker.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tools each kind of target needs, checked against a PATH: a folder of small shell scripts
 * standing in for tools absent or too old here, or the machine's own PATH with the real tools that
 * deploy/install-tools.sh installs. Each missing tool is one line naming the target, the kind, the
 * tool and the Debian package.
 */
class ToolCheckTest {
  @TempDir Path dir;
  @TempDir Path bin;

  @Test
  void aPostgresTargetWithoutTheClientToolsNamesTheirPackage() throws Exception {
    assertThat(problems(ToolConfigs.POSTGRES, bin)).containsExactly(
        "target shop (kind postgres) needs pg_dump 15 or newer: install the Debian package postgresql-client-15",
        "target shop (kind postgres) needs pg_restore 15 or newer: install the Debian package postgresql-client-15");
  }

  @Test
  void aPgDumpOlderThan15IsNamedWithTheVersionFoundAndWhere() throws Exception {
    script("pg_dump", "pg_dump (PostgreSQL) 13.16 (Debian 13.16-0+deb11u1)");
    script("pg_restore", "pg_restore (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)");

    assertThat(problems(ToolConfigs.POSTGRES, bin)).containsExactly("target shop (kind postgres) needs pg_dump 15 or"
        + " newer, found 13.16 at " + bin.resolve("pg_dump") + ": install the Debian package postgresql-client-15");
  }

  @Test
  void aNewerPgDumpWillDo() throws Exception {
    script("pg_dump", "pg_dump (PostgreSQL) 17.2");
    script("pg_restore", "pg_restore (PostgreSQL) 17.2");

    List<ToolCheck.Finding> findings = ToolCheck.run(ToolConfigs.load(dir, ToolConfigs.POSTGRES).getTargets(),
        new InstalledTools(bin.toString()));

    assertThat(ToolCheck.problems(findings)).isEmpty();
    assertThat(findings).extracting(f -> f.found().orElseThrow().version()).containsExactly("17.2", "17.2");
  }

  @Test
  void aRedisTargetNeedsRedisCliAndRedisServer() throws Exception {
    assertThat(problems(ToolConfigs.REDIS, bin)).containsExactly(
        "target cache (kind redis) needs redis-cli: install the Debian package redis-tools",
        "target cache (kind redis) needs redis-server: install the Debian package redis-server");
  }

  @Test
  void anEtcdTargetNeedsEtcdctlAndEtcd() throws Exception {
    assertThat(problems(ToolConfigs.ETCD, bin)).containsExactly(
        "target control-plane (kind etcd) needs etcdctl: install the Debian package etcd-client",
        "target control-plane (kind etcd) needs etcd: install the Debian package etcd-server");
  }

  @Test
  void aClusterNeedsItsBinDirectorysToolsAndTar() throws Exception {
    assertThat(problems(ToolConfigs.cluster("/usr/lib/postgresql/99/bin"), bin)).containsExactly(
        "target main (kind postgres-cluster) needs /usr/lib/postgresql/99/bin/pg_basebackup: install the Debian"
            + " package postgresql-client-99",
        "target main (kind postgres-cluster) needs /usr/lib/postgresql/99/bin/pg_ctl: install the Debian package"
            + " postgresql-99",
        "target main (kind postgres-cluster) needs /usr/lib/postgresql/99/bin/postgres: install the Debian package"
            + " postgresql-99",
        "target main (kind postgres-cluster) needs tar: install the Debian package tar");
  }

  @Test
  void aClusterWhoseBinariesAreElsewhereIsToldToInstallThemThereOrMoveBinDirectory() throws Exception {
    Path own = Files.createDirectories(dir.resolve("pg/bin"));

    assertThat(problems(ToolConfigs.cluster(own.toString()), bin)).first().isEqualTo("target main (kind"
        + " postgres-cluster) needs " + own.resolve("pg_basebackup") + ": install PostgreSQL's binaries of the"
        + " cluster's major version there, or set binDirectory to where they are");
  }

  @Test
  void aConfigTargetNeedsItsValidatorsPrograms() throws Exception {
    assertThat(problems(ToolConfigs.config("nginx"), bin)).containsExactly("target etc (kind config) needs nginx:"
        + " it runs as one of the target's validators: install it, or change or remove that validator");
  }

  @Test
  void aHookCommandIsNeededWhateverTheKind() throws Exception {
    String targets = ToolConfigs.FILES + """
            hooks:
              before: {command: [/opt/shop/bin/pause-writes, --wait]}
              after: {http: {url: "https://shop.internal/resume"}}
        """;

    assertThat(problems(targets, bin)).containsExactly("target uploads (kind files) needs /opt/shop/bin/pause-writes:"
        + " it runs as the target's before hook: install it, or change that hook's command");
  }

  @Test
  void anOperatorsCommandIsLookedForButNeverRun() throws Exception {
    Path ran = dir.resolve("ran");
    Path validator = bin.resolve("check-conf");
    Files.writeString(validator, "#!/bin/sh\ntouch '" + ran + "'\n");
    Files.setPosixFilePermissions(validator, PosixFilePermissions.fromString("rwxr-xr-x"));

    List<ToolCheck.Finding> findings = ToolCheck.run(ToolConfigs.load(dir, ToolConfigs.config("check-conf"))
        .getTargets(), new InstalledTools(bin.toString()));

    assertThat(ToolCheck.problems(findings)).isEmpty();
    assertThat(findings.get(0).found().orElseThrow().path()).isEqualTo(validator);
    assertThat(findings.get(0).found().orElseThrow().version()).as("not asked").isNull();
    assertThat(ran).as("a validator may act whatever it is asked: it is not run to check it").doesNotExist();
  }

  @Test
  void aFilesTargetRunsNoTool() throws Exception {
    assertThat(ToolCheck.run(ToolConfigs.load(dir, ToolConfigs.FILES).getTargets(),
        new InstalledTools(bin.toString()))).isEmpty();
  }

  @Test
  void theRealToolsThisMachineHasAreEnoughForEveryKind() throws Exception {
    InstalledTools real = InstalledTools.onPath();
    for (String targets : List.of(ToolConfigs.POSTGRES, ToolConfigs.REDIS, ToolConfigs.FILES,
        ToolConfigs.cluster("/usr/lib/postgresql/15/bin"), ToolConfigs.config("sh"))) {
      List<ToolCheck.Finding> findings = ToolCheck.run(ToolConfigs.load(dir, targets).getTargets(), real);
      assertThat(ToolCheck.problems(findings)).as(targets).isEmpty();
    }
    assertThat(real.find("pg_dump").orElseThrow().major()).isGreaterThanOrEqualTo(15);
  }

  private List<String> problems(String targets, Path path) throws Exception {
    return ToolCheck.problems(ToolCheck.run(ToolConfigs.load(dir, targets).getTargets(),
        new InstalledTools(path.toString())));
  }

  /** A stand-in for {@code name} that prints {@code version} as its first line, as the real one does. */
  private void script(String name, String version) throws Exception {
    Path script = bin.resolve(name);
    Files.writeString(script, "#!/bin/sh\necho '" + version + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
